// The portal's enhancements. Every page works without them; with them, focus lands on what to fix and drafts save
// themselves. Served from /assets under the page policy (script-src 'self'), so nothing here may be inline.
'use strict';

(function () {
  // A page answered with errors: start the person at the summary, as role="alert" announces it (GOV.UK's pattern).
  // Its links need no help: Chromium focuses a focusable fragment target (the keyboard journey test checks it).
  const summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
  for (const form of document.querySelectorAll('form[data-autosave]')) autosave(form);

  /**
   * Saves the form to the server-side draft a second after the last change, one request at a time, with the version
   * the page holds (If-Match over the API): a change made elsewhere stops the saving and says so, never overwritten.
   */
  function autosave(form) {
    const status = document.getElementById(form.dataset.autosaveStatus);
    const DELAY_MS = 1000;
    let timer = null;
    let saving = null;
    let again = false;
    let stopped = false;

    const schedule = () => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        save();
      }, DELAY_MS);
    };
    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
    // The tab closed or the person went on within the second: a beacon still carries the last change (its answer is
    // never read; a save already in flight has the version, and a beacon at the old one would only get 412).
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'hidden' || stopped || timer === null || saving) return;
      clearTimeout(timer);
      timer = null;
      navigator.sendBeacon(form.dataset.autosave, new URLSearchParams(new FormData(form)));
    });
    form.addEventListener('submit', (event) => {
      clearTimeout(timer);
      timer = null;
      stopped = true;
      // A save in flight changes the version (and may create the draft) the form is about to send: wait for it.
      if (!saving) return;
      event.preventDefault();
      saving.finally(() => form.requestSubmit(event.submitter));
    });

    function save() {
      if (saving) {
        again = true;
        return;
      }
      saving = send().finally(() => {
        saving = null;
        if (again && !stopped) {
          again = false;
          save();
        }
      });
    }

    async function send() {
      let answer;
      try {
        answer = await fetch(form.dataset.autosave, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(new FormData(form)),
        });
      } catch {
        say(status.dataset.failed);
        return;
      }
      if (answer.status === 409 || answer.status === 412) {
        stopped = true;
        say(status.dataset.conflict);
        return;
      }
      if (!answer.ok) {
        say(status.dataset.failed);
        return;
      }
      const saved = await answer.json();
      if (saved.draftId && form.elements.draftId) form.elements.draftId.value = saved.draftId;
      // Every form of the page posts the version it was read at (a declaration's signature form too).
      if (saved.version !== undefined) {
        for (const version of document.querySelectorAll('input[type="hidden"][name="version"]')) version.value = String(saved.version);
      }
      if (saved.location) history.replaceState(null, '', saved.location);
      say(saved.message);
    }

    function say(text) {
      status.textContent = text;
    }
  }
})();
