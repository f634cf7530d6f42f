import { IfMatch, IfMatchRequiredError } from './if-match';

describe(IfMatch.name, () => {
  it.each([
    ['the weak ETag the API writes', 'W/"3"', 3],
    ['a strong ETag', '"12"', 12],
    ['a bare number', '7', 7],
    ['surrounding white space', '  W/"4" ', 4],
  ])('should read %s as the expected version', (_what, header, version) => {
    expect(new IfMatch(header).expectedVersion()).toBe(version);
  });

  it.each([
    ['a wildcard', '*'],
    ['a list of ETags', 'W/"1", W/"2"'],
    ['a negative version', 'W/"-1"'],
    ['a version past nine digits', 'W/"9999999999"'],
    ['text', 'W/"abc"'],
    ['a lower-case weak prefix', 'w/"3"'],
  ])('should read %s as a version nothing matches', (_what, header) => {
    expect(new IfMatch(header).expectedVersion()).toBeNaN();
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
  ])('should refuse %s with IF_MATCH_REQUIRED naming the header', (_what, header) => {
    const error = thrownBy(() => new IfMatch(header).expectedVersion());
    expect(error).toBeInstanceOf(IfMatchRequiredError);
    expect(error).toMatchObject({
      code: 'IF_MATCH_REQUIRED',
      kind: 'precondition_required',
      errors: [{ header: 'If-Match', code: 'required' }],
    });
  });
});

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
