import { ruleOfElement } from './element-rule';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="cac-review" name="网信办审查">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:properties>
          <zeebe:property name="owner" value="cac" />
          <zeebe:property name="rule" value="X9.1" />
        </zeebe:properties>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:userTask id="cac-review-2" name="无规则" />
    <bpmn:userTask id="eib-review" name="经信局审查">
      <bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:extensionElements><zeebe:properties><zeebe:property name="rule" value="X1" /></zeebe:properties></bpmn:extensionElements></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

describe('ruleOfElement', () => {
  it('given an element with a rule property, then its value', () => {
    expect(ruleOfElement(xml, 'cac-review')).toBe('X9.1');
  });
  it('given an element without one, then null, not the next element’s rule', () => {
    expect(ruleOfElement(xml, 'cac-review-2')).toBeNull();
    expect(ruleOfElement(xml, 'eib-review')).toBeNull();
  });
  it('given an unknown id or a prefix of an id, then null', () => {
    expect(ruleOfElement(xml, 'nope')).toBeNull();
    expect(ruleOfElement(xml, 'cac')).toBeNull();
  });
  it('given XML without prefixes, then the rule still', () => {
    expect(ruleOfElement(xml.replaceAll('bpmn:', '').replaceAll('xmlns:bpmn', 'xmlns'), 'cac-review')).toBe(
      'X9.1',
    );
  });
});
