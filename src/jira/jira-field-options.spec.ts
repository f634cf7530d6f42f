import { contextFor, partyOptionValues, planOptions } from './jira-field-options';

describe('jira-field-options', () => {
  it('should name a party by its name, and parties whose names differ only in case by their organisation number too', () => {
    const values = partyOptionValues([
      { id: 'a', name: 'Vara kommun', organisationNumber: '2120001611' },
      { id: 'b', name: 'CSN', organisationNumber: '2021005183' },
      { id: 'c', name: 'VARA KOMMUN', organisationNumber: '2120001612' },
    ]).map((c) => c.value);
    expect(values).toEqual(['Vara kommun (2120001611)', 'CSN', 'VARA KOMMUN (2120001612)']);
  });

  it('should adopt an existing option by value without regard to case, disabled ones included, and create the rest', () => {
    const plan = planOptions(
      [
        { subject: { partyId: 'a' }, value: 'CSN' },
        { subject: { partyId: 'b' }, value: 'Skatteverket' },
        { subject: { bastjänst: 'lefi' }, value: 'LEFI Online' },
      ],
      [
        { id: '1', value: 'csn', disabled: false },
        { id: '2', value: 'LEFI Online', disabled: true },
      ],
    );
    expect(plan.adopt.map(({ candidate, option }) => [candidate.value, option.id])).toEqual([
      ['CSN', '1'],
      ['LEFI Online', '2'],
    ]);
    expect(plan.create.map((c) => c.value)).toEqual(['Skatteverket']);
  });

  it('should take the context naming our project over the global one, and none when neither covers it', () => {
    const global = { id: '1', global: true, projectIds: [] };
    const ours = { id: '2', global: false, projectIds: ['10000'] };
    const other = { id: '3', global: false, projectIds: ['10001'] };
    expect(contextFor([global, ours], '10000')).toBe(ours);
    expect(contextFor([other, global], '10000')).toBe(global);
    expect(contextFor([other], '10000')).toBeNull();
  });
});
