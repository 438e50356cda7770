/**
 * Agencies (the candidate groups of docs/rules/README.md "Actors") and the city's departments, including
 * its districts and counties (县/区, M11.7). Applied idempotently at every start-up.
 */
export const agencies = [
  { code: 'eib', name: '市经济和信息化局', englishName: 'Economy & IT Bureau' },
  { code: 'cac', name: '市委网信办', englishName: 'Cyberspace Affairs Office' },
  { code: 'secrecy', name: '市委机要保密局', englishName: 'Confidential & Secrecy Bureau' },
  { code: 'drc', name: '市发展和改革委员会', englishName: 'Development & Reform Commission' },
  { code: 'finance', name: '市财政局', englishName: 'Finance Bureau' },
  { code: 'archives', name: '市档案局', englishName: 'Archives Bureau' },
  { code: 'audit', name: '审计部门', englishName: 'Audit' },
  { code: 'city-gov', name: '市人民政府', englishName: 'City Government' },
] as const;

export const departments = [
  { code: 'psb', name: '市公安局', isCounty: false },
  { code: 'edu', name: '市教育局', isCounty: false },
  { code: 'health', name: '市卫生健康委员会', isCounty: false },
  { code: 'hrss', name: '市人力资源和社会保障局', isCounty: false },
  { code: 'civil', name: '市民政局', isCounty: false },
  { code: 'natres', name: '市自然资源局', isCounty: false },
  { code: 'housing', name: '市住房和城乡建设局', isCounty: false },
  { code: 'transport', name: '市交通运输局', isCounty: false },
  { code: 'market', name: '市市场监督管理局', isCounty: false },
  { code: 'culture', name: '市文化局', isCounty: false },
  { code: 'emergency', name: '市应急管理局', isCounty: false },
  { code: 'govservice', name: '市政务服务中心', isCounty: false },
  { code: 'chengguan', name: '城关区', isCounty: true },
  { code: 'duilongdeqing', name: '堆龙德庆区', isCounty: true },
  { code: 'dazi', name: '达孜区', isCounty: true },
  { code: 'linzhou', name: '林周县', isCounty: true },
  { code: 'damxung', name: '当雄县', isCounty: true },
  { code: 'nyemo', name: '尼木县', isCounty: true },
  { code: 'qushui', name: '曲水县', isCounty: true },
  { code: 'maizhokunggar', name: '墨竹工卡县', isCounty: true },
] as const;
