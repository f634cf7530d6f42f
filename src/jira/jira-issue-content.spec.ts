import { adfToText, textToAdf } from './adf';
import { fitsJira, issueSummary, JIRA_TEXT_MAX, withinJiraLimit } from './jira-issue-content';
import type { DeviationForJira } from '../deviations/deviation-mirror';

const deviation = (rubrik: string) => ({ key: 'AVV-2026-0001', rubrik }) as DeviationForJira;

describe('jira-issue-content', () => {
  describe(issueSummary.name, () => {
    it('should put a summary with line breaks on one line', () => {
      expect(issueSummary(deviation('Rad ett\r\n  rad två\nrad tre'))).toBe('AVV-2026-0001 Rad ett rad två rad tre');
    });

    it('should end a summary past 255 characters in an ellipsis at exactly 255', () => {
      const summary = issueSummary(deviation('x'.repeat(300)));
      expect(summary).toHaveLength(255);
      expect(summary.endsWith('x…')).toBe(true);
      expect(issueSummary(deviation('x'.repeat(241)))).toHaveLength(255);
    });
  });

  describe('personal identity numbers', () => {
    it('should mask them in the summary and in every body we write, leaving organisation numbers', () => {
      expect(issueSummary(deviation('Fel för 19640823-3234'))).toBe('AVV-2026-0001 Fel för XXXXXX-XXXX');
      const text = adfToText(withinJiraLimit('Sök 6408233234 och 701063-2391 hos 202100-5489.', 'AVV-1'));
      expect(text).toBe('Sök XXXXXX-XXXX och XXXXXX-XXXX hos 202100-5489.');
    });
  });

  describe(withinJiraLimit.name, () => {
    it('should keep a text that fits whole', () => {
      expect(withinJiraLimit('Kort text.', 'AVV-1')).toEqual(textToAdf('Kort text.'));
    });

    it('should cut a long text to the limit with a notice naming where the whole text is', () => {
      const doc = withinJiraLimit('y'.repeat(40_000), 'https://avvikelse.example/api/v1/deviations/1');
      const text = adfToText(doc);
      expect(fitsJira(doc)).toBe(true);
      expect(text.length).toBeGreaterThan(JIRA_TEXT_MAX - 200);
      expect(text).toMatch(/y…\n\n\[Texten är förkortad: .* Hela texten: https:\/\/avvikelse\.example\/api\/v1\/deviations\/1\]$/);
    });

    it('should count the ADF JSON too: many short lines fit as text but not as JSON', () => {
      const lines = 'a\n'.repeat(9_999);
      expect(lines.length).toBeLessThan(JIRA_TEXT_MAX);
      expect(fitsJira(textToAdf(lines))).toBe(false);
      const doc = withinJiraLimit(lines, 'AVV-1');
      expect(JSON.stringify(doc).length).toBeLessThanOrEqual(JIRA_TEXT_MAX);
      expect(adfToText(doc)).toContain('Hela texten: AVV-1]');
    });
  });
});
