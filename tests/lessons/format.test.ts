// The lesson format: a valid file parses into steps with goals, hints, solution and checkpoints;
// every mistake an author can make is reported with the file, the line and what is wrong.
import { describe, expect, it } from 'vitest';
import { loadLessons, parseLesson, type ParseOptions } from '../../src/lessons/format/index.ts';
import { parseScenario } from '../../sim/index.ts';

const options: ParseOptions = {
  scenarioNames: new Set(['primeiro-cluster']),
  validateScenario: (scenario) => {
    const parsed = parseScenario(scenario);
    return parsed.ok ? [] : parsed.errors.map((e) => `${e.path}: ${e.message}`);
  },
};

const valid = `---
id: exemplo
title: Um exemplo
summary: Uma lição de teste.
theme: fundamentos
duration: 10
scenario: primeiro-cluster
readMore:
  - title: Documentação
    url: https://kafka.apache.org/documentation/
---

Nesta lição você vai **aprender** algo. <script>alert(1)</script>

## Produza um registro

Envie um registro com a chave \`cliente-42\`.

\`\`\`goals
- kind: record-in-log
  topic: pedidos
  key: cliente-42
  text: Um registro com a chave cliente-42 está em pedidos
\`\`\`

\`\`\`hints
- Use o formulário de produção.
\`\`\`

\`\`\`solution
- action: { type: produce, producer: p1, key: cliente-42, value: oi }
- wait: 500
\`\`\`

\`\`\`checkpoint
question: Para qual partição ele vai?
choices:
  - text: A que o murmur2 da chave escolhe
    correct: true
    explanation: O particionador padrão usa murmur2.
  - text: Uma qualquer
    explanation: Não; com chave, a escolha é determinística.
\`\`\`

## Espere

\`\`\`bash
kafka-topics.sh --list
\`\`\`

\`\`\`goals
- kind: time-elapsed
  ms: 1000
  text: Um segundo passou
\`\`\`

\`\`\`hints
- Aperte play.
\`\`\`

\`\`\`solution
- wait: 1000
\`\`\`

## Resumo

Você aprendeu.
`;

describe('parseLesson', () => {
  it('parses the front matter, the steps and their blocks', () => {
    const result = parseLesson('lessons/01-exemplo.md', valid, options);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { lesson } = result;
    expect(lesson).toMatchObject({ id: 'exemplo', order: 1, theme: 'fundamentos', duration: 10, scenario: { name: 'primeiro-cluster' }, prerequisites: [] });
    expect(lesson.steps.map((s) => [s.number, s.title, s.line])).toEqual([
      [1, 'Produza um registro', 15],
      [2, 'Espere', 45],
      [3, 'Resumo', 65],
    ]);
    expect(lesson.steps[0]!.goals).toEqual([{ goal: { kind: 'record-in-log', topic: 'pedidos', key: 'cliente-42' }, text: 'Um registro com a chave cliente-42 está em pedidos' }]);
    expect(lesson.steps[0]!.solution).toEqual([{ action: { type: 'produce', producer: 'p1', key: 'cliente-42', value: 'oi' } }, { wait: 500 }]);
    expect(lesson.steps[0]!.checkpoints[0]!.choices.map((c) => c.correct)).toEqual([true, false]);
    // Raw HTML is shown as text; ordinary code blocks stay in the prose.
    expect(lesson.introHtml).toContain('&lt;script&gt;');
    expect(lesson.introHtml).toContain('<strong>aprender</strong>');
    expect(lesson.steps[1]!.html).toContain('kafka-topics.sh --list');
    expect(lesson.steps[2]!.goals).toEqual([]);
  });

  const broken = (from: string, to: string) => parseLesson('lessons/01-exemplo.md', valid.replace(from, to), options);
  const errorsOf = (result: ReturnType<typeof parseLesson>) => (result.ok ? [] : result.errors.map((e) => `${e.line}: ${e.message}`));

  it('names the line of a goal of an unknown kind', () => {
    expect(errorsOf(broken('kind: record-in-log', 'kind: registro-no-log'))).toEqual([expect.stringMatching(/^20: goal 1: "kind": /)]);
  });

  it('names the line of a wrong field inside a goal', () => {
    expect(errorsOf(broken('  topic: pedidos\n  key', '  topic: 42\n  key'))).toEqual([expect.stringMatching(/^21: goal 1: "topic": /)]);
  });

  it('requires the text of a goal', () => {
    expect(errorsOf(broken('  text: Um registro com a chave cliente-42 está em pedidos\n', ''))).toEqual([expect.stringMatching(/^20: each goal needs a "text"/)]);
  });

  it('names the line of a YAML syntax error', () => {
    expect(errorsOf(broken('- wait: 500', '- wait: [500'))).toEqual([expect.stringMatching(/^3[12]: YAML: /)]);
  });

  it('names the line of an invalid action in a solution', () => {
    expect(errorsOf(broken('type: produce, producer: p1', 'type: explode, producer: p1'))).toEqual([expect.stringMatching(/^31: solution entry 1: "action.type": /)]);
  });

  it('refuses a checkpoint without exactly one correct choice', () => {
    expect(errorsOf(broken('    correct: true\n', ''))).toEqual([expect.stringMatching(/^38: "choices": a checkpoint needs exactly one correct choice/)]);
  });

  it('refuses an unknown scenario, a bad front matter field, and a file name out of pattern', () => {
    expect(errorsOf(broken('scenario: primeiro-cluster', 'scenario: nenhum'))).toEqual([expect.stringMatching(/^7: no scenario "nenhum"/)]);
    expect(errorsOf(broken('duration: 10', 'duration: dez'))).toEqual([expect.stringMatching(/^6: "duration": /)]);
    const misnamed = parseLesson('lessons/exemplo.md', valid, options);
    expect(errorsOf(misnamed)).toEqual([expect.stringMatching(/^1: the file name must be NN-slug.md/)]);
  });

  it('validates an inline scenario', () => {
    const inline = broken('scenario: primeiro-cluster', 'scenario:\n  seed: 1\n  cluster: { brokers: 0 }');
    expect(errorsOf(inline)[0]).toMatch(/^7: inline scenario: cluster.brokers/);
  });

  it('requires two steps with goals, and hints and a solution where there are goals', () => {
    const oneStep = valid.slice(0, valid.indexOf('## Espere'));
    expect(errorsOf(parseLesson('lessons/01-exemplo.md', oneStep, options))).toEqual([expect.stringMatching(/at least two steps with goals, found 1/)]);
    expect(errorsOf(broken('```solution\n- wait: 1000\n```', ''))).toEqual([expect.stringMatching(/^45: step 2 has goals but no ```solution block/)]);
  });

  it('reports a code block left open', () => {
    expect(errorsOf(broken('Você aprendeu.', '```goals\n- kind: x'))[0]).toMatch(/^67: this code block is never closed/);
  });
});

describe('loadLessons', () => {
  it('keeps the valid lessons and reports the others, duplicate ids and unknown prerequisites', () => {
    const second = valid.replace('id: exemplo', 'id: outro').replace('scenario:', 'prerequisites: [exemplo, inexistente]\nscenario:');
    const loaded = loadLessons(
      {
        'lessons/02-outro.md': second,
        'lessons/01-exemplo.md': valid,
        'lessons/03-quebrado.md': valid.replace('theme: fundamentos', 'theme: culinaria'),
        'lessons/04-copia.md': valid,
      },
      options,
    );
    expect(loaded.lessons.map((l) => l.id)).toEqual(['exemplo', 'outro']);
    expect(loaded.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['lessons/03-quebrado.md:5', 'lessons/04-copia.md:2', 'lessons/02-outro.md:2']);
  });
});
