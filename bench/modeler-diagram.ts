/** A generated BPMN process of n flow nodes in a chain (service tasks, gateways every tenth), laid out on a grid. */
export function generatedDiagram(nodes: number): string {
  const shapes: string[] = [];
  const flows: string[] = [];
  const di: string[] = [];
  const columns = 25;
  const pos = (i: number) => ({ x: 100 + (i % columns) * 150, y: 100 + Math.floor(i / columns) * 130 });
  const size = (i: number) => (i === 0 || i === nodes - 1 ? 36 : i % 10 === 5 ? 50 : 80);
  for (let i = 0; i < nodes; i++) {
    const id = `node-${i}`;
    const incoming = i > 0 ? `<bpmn:incoming>flow-${i - 1}</bpmn:incoming>` : '';
    const outgoing = i < nodes - 1 ? `<bpmn:outgoing>flow-${i}</bpmn:outgoing>` : '';
    if (i === 0) shapes.push(`<bpmn:startEvent id="${id}" name="开始">${outgoing}</bpmn:startEvent>`);
    else if (i === nodes - 1)
      shapes.push(`<bpmn:endEvent id="${id}" name="结束">${incoming}</bpmn:endEvent>`);
    else if (i % 10 === 5)
      shapes.push(
        `<bpmn:exclusiveGateway id="${id}" name="判断 ${i}">${incoming}${outgoing}</bpmn:exclusiveGateway>`,
      );
    else
      shapes.push(
        `<bpmn:serviceTask id="${id}" name="计算期限 ${i}"><bpmn:extensionElements><zeebe:taskDefinition type="deadline.compute" /></bpmn:extensionElements>${incoming}${outgoing}</bpmn:serviceTask>`,
      );
    const { x, y } = pos(i);
    const s = size(i);
    di.push(
      `<bpmndi:BPMNShape id="${id}-di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${y}" width="${s === 80 ? 100 : s}" height="${s}" /></bpmndi:BPMNShape>`,
    );
    if (i < nodes - 1) {
      flows.push(`<bpmn:sequenceFlow id="flow-${i}" sourceRef="${id}" targetRef="node-${i + 1}" />`);
      const next = pos(i + 1);
      di.push(
        `<bpmndi:BPMNEdge id="flow-${i}-di" bpmnElement="flow-${i}"><di:waypoint x="${x + 50}" y="${y + 18}" /><di:waypoint x="${next.x}" y="${next.y + 18}" /></bpmndi:BPMNEdge>`,
      );
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="bench-definitions" targetNamespace="http://egov-approvals/bench" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
<bpmn:process id="bench-generated" name="生成的大流程" isExecutable="true">
${shapes.join('\n')}
${flows.join('\n')}
</bpmn:process>
<bpmndi:BPMNDiagram id="bench-diagram"><bpmndi:BPMNPlane id="bench-plane" bpmnElement="bench-generated">
${di.join('\n')}
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
