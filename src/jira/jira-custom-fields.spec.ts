import type { DeviationForJira } from '../deviations/deviation-mirror';
import type { JiraFieldMeta } from './jira-client';
import { createScreenProblems, customFieldValues, jiraValue, parseCustomFieldMapping, type FieldFact } from './jira-custom-fields';

const field = (id: string, type: string, required = false): JiraFieldMeta => ({ id, name: id, required, type });
const deviation = {
  partyName: 'Göteborgs Stad',
  miljö: 'produktion',
  del: 'gränssnitt_mot_frågetjänster',
  kravreferens: null,
  påverkan: 2,
  tidpunkt: 1,
} as DeviationForJira;

describe('jira-custom-fields', () => {
  it('should read the configured pairs', () => {
    expect([...parseCustomFieldMapping('party:customfield_1,impact:customfield_2')]).toEqual([
      ['party', 'customfield_1'],
      ['impact', 'customfield_2'],
    ]);
    expect(parseCustomFieldMapping('').size).toBe(0);
  });

  it("should shape a value for the field's type", () => {
    expect(jiraValue(field('c', 'option'), 'Göteborgs Stad')).toEqual({ value: 'Göteborgs Stad' });
    expect(jiraValue(field('c', 'array'), 'Göteborgs Stad')).toEqual(['Göteborgs_Stad']);
    expect(jiraValue(field('c', 'string'), 'rad ett\nrad två')).toBe('rad ett rad två');
    expect(jiraValue(field('c', 'number'), 2)).toBe(2);
    expect(jiraValue(field('c', 'user'), 'x')).toBeUndefined();
  });

  it('should leave out a mapped field the screen lacks, and a fact the deviation has no value for', () => {
    const mapping = parseCustomFieldMapping('party:customfield_1,environment:customfield_2,requirement:customfield_3,impact:customfield_4');
    const screen = [field('customfield_1', 'option', true), field('customfield_3', 'string'), field('customfield_4', 'number')];
    expect(customFieldValues(mapping, screen, deviation)).toEqual({
      values: { customfield_1: { value: 'Göteborgs Stad' }, customfield_4: 2 },
      leftOut: [{ fact: 'environment', fieldId: 'customfield_2', problem: 'not_on_screen' }],
    });
  });

  it("should send a select field the option it is given, by id, and a text field the responsible party's organisation number", () => {
    const mapping = new Map<FieldFact, string>([
      ['party', 'customfield_1'],
      ['bastjanst', 'customfield_2'],
      ['responsible', 'customfield_3'],
    ]);
    const withResponsible = { ...deviation, bastjänstName: 'LEFI Online', responsiblePartyOrganisationNumber: '2021005489' };
    const screen = [field('customfield_1', 'option'), field('customfield_2', 'option'), field('customfield_3', 'string')];
    expect(customFieldValues(mapping, screen, withResponsible, new Map([['customfield_1', { id: '10300' }]])).values).toEqual({
      customfield_1: { id: '10300' },
      customfield_2: { value: 'LEFI Online' },
      customfield_3: '2021005489',
    });
  });

  it('should report required custom fields nobody maps and mapped fields off the create screen', () => {
    const mapping = parseCustomFieldMapping('party:customfield_1,part:customfield_9');
    const screen = [field('summary', 'string', true), field('customfield_1', 'option', true), field('customfield_5', 'string', true)];
    expect(createScreenProblems(mapping, screen)).toEqual([
      { fact: 'part', fieldId: 'customfield_9', problem: 'not_on_screen' },
      { fact: null, fieldId: 'customfield_5', problem: 'required_not_mapped' },
    ]);
  });
});
