import { deviationIdOf, deviationLabel, issueIdentity } from './jira-identity';

describe('issueIdentity', () => {
  const A = '7b0c2a4e-1d7e-4f43-9d7b-000000000001';
  const B = '7b0c2a4e-1d7e-4f43-9d7b-000000000002';

  it('should take an issue whose property names the deviation as ours, whatever its labels or link say', () => {
    expect(issueIdentity(A, '10000', { id: '10000', deviationId: A, labels: [] })).toBe('ours');
    expect(issueIdentity(A, null, { id: '10000', deviationId: A, labels: [deviationLabel(B)] })).toBe('ours');
  });

  it("should refuse an issue whose property names another deviation, even with the deviation's label and link", () => {
    expect(issueIdentity(A, '10000', { id: '10000', deviationId: B, labels: [deviationLabel(A)] })).toBe('foreign');
  });

  it('should adopt an issue without the property only when the link holds its id and it has the label', () => {
    expect(issueIdentity(A, '10000', { id: '10000', deviationId: null, labels: ['ssbtek', deviationLabel(A)] })).toBe('adopt');
    expect(issueIdentity(A, '10000', { id: '10000', deviationId: null, labels: ['ssbtek'] })).toBe('foreign');
    expect(issueIdentity(A, null, { id: '10000', deviationId: null, labels: [deviationLabel(A)] })).toBe('foreign');
    expect(issueIdentity(A, '10001', { id: '10000', deviationId: null, labels: [deviationLabel(A)] })).toBe('foreign');
  });
});

describe('deviationIdOf', () => {
  it('should read the deviation id of our property value and nothing else', () => {
    expect(deviationIdOf({ deviationId: 'x' })).toBe('x');
    expect([undefined, null, 'x', {}, { deviationId: '' }, { deviationId: 7 }].map(deviationIdOf)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
