import { CommentFacts, CommentSharingSettings, decideSharing } from './comment-sharing-policy';

const marker: CommentSharingSettings = { mode: 'marker', marker: 'Till part:' };
const jsm: CommentSharingSettings = { mode: 'jsm-public', marker: 'Till part:' };

const aComment = (overrides: Partial<CommentFacts> = {}): CommentFacts => ({
  text: 'Till part: Vi har rättat felet.',
  authorKind: 'person',
  restricted: false,
  jsdPublic: true,
  internalNote: false,
  issueSecured: false,
  ...overrides,
});

describe('decideSharing', () => {
  it('should share a marked comment without its marker', () => {
    expect(decideSharing(aComment(), marker)).toEqual({ share: true, text: 'Vi har rättat felet.' });
  });

  it('should forgive case and whitespace around the marker', () => {
    expect(decideSharing(aComment({ text: '  till  PART :\nHej' }), marker)).toEqual({ share: true, text: 'Hej' });
  });

  it('should not share an unmarked comment, nor one that only quotes the marker', () => {
    expect(decideSharing(aComment({ text: 'Intern notering' }), marker)).toEqual({ share: false, reason: 'not_marked' });
    expect(decideSharing(aComment({ text: 'Skriv "Till part:" först' }), marker)).toEqual({ share: false, reason: 'not_marked' });
  });

  it('should not share a marker with nothing after it', () => {
    expect(decideSharing(aComment({ text: 'Till part:  ' }), marker)).toEqual({ share: false, reason: 'empty' });
  });

  it('should not share a restricted comment, although Jira Software answers jsdPublic true for it', () => {
    expect(decideSharing(aComment({ restricted: true, jsdPublic: true }), marker)).toEqual({ share: false, reason: 'restricted' });
  });

  it('should never share app or Automation comments, nor those of a non-person', () => {
    expect(decideSharing(aComment({ authorKind: 'app' }), marker)).toEqual({ share: false, reason: 'app_author' });
    expect(decideSharing(aComment({ authorKind: 'other' }), jsm)).toEqual({ share: false, reason: 'not_a_person' });
  });

  it('should never share comments of an issue under a security level', () => {
    expect(decideSharing(aComment({ issueSecured: true }), marker)).toEqual({ share: false, reason: 'security_level' });
  });

  it('should share a Service Management reply to the customer whole', () => {
    expect(decideSharing(aComment({ text: 'Svar till kunden' }), jsm)).toEqual({ share: true, text: 'Svar till kunden' });
  });

  it('should keep a Service Management internal note internal, by jsdPublic or by its property, marker or not', () => {
    expect(decideSharing(aComment({ jsdPublic: false }), jsm)).toEqual({ share: false, reason: 'internal_note' });
    expect(decideSharing(aComment({ internalNote: true }), jsm)).toEqual({ share: false, reason: 'internal_note' });
    expect(decideSharing(aComment({ jsdPublic: false }), marker)).toEqual({ share: false, reason: 'internal_note' });
  });

  it('should share nothing when sharing is off', () => {
    expect(decideSharing(aComment(), { mode: 'none', marker: 'Till part:' })).toEqual({ share: false, reason: 'sharing_off' });
  });

  it('should honour another configured marker', () => {
    const custom: CommentSharingSettings = { mode: 'marker', marker: '[PART]' };
    expect(decideSharing(aComment({ text: '[part] Hej' }), custom)).toEqual({ share: true, text: 'Hej' });
    expect(decideSharing(aComment(), custom)).toEqual({ share: false, reason: 'not_marked' });
  });
});

describe('decideSharing: what is checked first, and the text shared', () => {
  it('should give the first reason that applies, from sharing off down to an internal note', () => {
    const everything = aComment({ issueSecured: true, authorKind: 'app', restricted: true, jsdPublic: false, internalNote: true });
    expect(decideSharing(everything, { mode: 'none', marker: 'Till part:' })).toEqual({ share: false, reason: 'sharing_off' });
    expect(decideSharing(everything, marker)).toEqual({ share: false, reason: 'security_level' });
    expect(decideSharing({ ...everything, issueSecured: false }, marker)).toEqual({ share: false, reason: 'app_author' });
    expect(decideSharing({ ...everything, issueSecured: false, authorKind: 'other' }, marker)).toEqual({
      share: false,
      reason: 'not_a_person',
    });
    expect(decideSharing({ ...everything, issueSecured: false, authorKind: 'person' }, marker)).toEqual({
      share: false,
      reason: 'restricted',
    });
    expect(decideSharing(aComment({ internalNote: true }), marker)).toEqual({ share: false, reason: 'internal_note' });
  });

  it('should share a Service Management reply trimmed, and nothing when only whitespace is left', () => {
    expect(decideSharing(aComment({ text: '\n  Svar till kunden  \n' }), jsm)).toEqual({ share: true, text: 'Svar till kunden' });
    expect(decideSharing(aComment({ text: ' \n ' }), jsm)).toEqual({ share: false, reason: 'empty' });
  });

  it('should read a marker without a colon, and insist on the colon of a marker that has one', () => {
    const noColon: CommentSharingSettings = { mode: 'marker', marker: ' Till part ' };
    expect(decideSharing(aComment({ text: 'till part Hej' }), noColon)).toEqual({ share: true, text: 'Hej' });
    expect(decideSharing(aComment({ text: 'Till part Hej' }), marker)).toEqual({ share: false, reason: 'not_marked' });
    expect(decideSharing(aComment({ text: 'Tillpart: Hej' }), marker)).toEqual({ share: false, reason: 'not_marked' });
  });

  it('should take a marker full of pattern characters literally', () => {
    const dotted: CommentSharingSettings = { mode: 'marker', marker: 'P.S.(part)*:' };
    expect(decideSharing(aComment({ text: 'p.s.(PART)* : Hej' }), dotted)).toEqual({ share: true, text: 'Hej' });
    expect(decideSharing(aComment({ text: 'pxsx(part)): Hej' }), dotted)).toEqual({ share: false, reason: 'not_marked' });
  });
});

describe('decideSharing: a configured marker written loosely', () => {
  const share = (configured: string, text: string) => decideSharing(aComment({ text }), { mode: 'marker', marker: configured });

  it('should read a marker configured with a trailing space as ending in its colon', () => {
    expect(share('Till part: ', 'Till part: Hej')).toEqual({ share: true, text: 'Hej' });
  });

  it('should read a marker configured with two spaces between its words as any whitespace', () => {
    expect(share('Till  part:', 'till part: Hej')).toEqual({ share: true, text: 'Hej' });
  });

  it('should keep a colon inside the marker, dropping only the one at its end', () => {
    expect(share('SKR: till part:', 'SKR: till part: Hej')).toEqual({ share: true, text: 'Hej' });
    expect(share('SKR: till part:', 'SKR till part: Hej')).toEqual({ share: false, reason: 'not_marked' });
  });
});
