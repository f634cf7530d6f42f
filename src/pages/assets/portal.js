// The portal's enhancements. Every page works without them; with them, focus lands on what to fix and drafts save
// themselves. Served from /assets under the page policy (script-src 'self'), so nothing here may be inline.
'use strict';

(function () {
  // A page answered with errors: start the person at the summary, as role="alert" announces it (GOV.UK's pattern).
  // Its links need no help: Chromium focuses a focusable fragment target (the keyboard journey test checks it).
  const summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
  for (const form of document.querySelectorAll('form[data-autosave]')) autosave(form);
  for (const area of document.querySelectorAll('[data-evidence-upload]')) evidenceUpload(area);

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
    // An evidence upload needs the draft to exist: it asks for a save now rather than in a second.
    form.saveDraftNow = () => {
      clearTimeout(timer);
      timer = null;
      save();
      return saving ?? Promise.resolve();
    };
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

  /**
   * Uploads evidence with XMLHttpRequest, whose upload progress fetch cannot report, to the JSON twin of the evidence
   * form's route; the bar and the status line show how far it is, a refusal is shown beside the field. On the deviation
   * page the form itself is enhanced (without a file chosen it submits as ever); on the report form the file goes to
   * the draft as soon as it is chosen, the draft being saved first if it does not exist yet.
   */
  function evidenceUpload(area) {
    const input = area.querySelector('input[type="file"]');
    // The error beside the field, which the page renders only with an error, as it does for every field.
    let error = area.querySelector('[data-upload-error]');
    const bar = area.querySelector('[data-upload-progress]');
    const progress = bar.querySelector('progress');
    const status = area.querySelector('[data-upload-status]');
    const list = document.getElementById('evidence-list');
    const hint = input.id + '-hint';
    const report = area.tagName === 'FORM' ? null : area.closest('form');
    area.hidden = false;
    if (report) {
      input.addEventListener('change', upload);
    } else {
      area.addEventListener('submit', (event) => {
        if (!input.files.length) return;
        event.preventDefault();
        upload();
      });
    }

    async function target() {
      if (!report) return area.dataset.evidenceUpload;
      if (!report.elements.draftId.value && report.saveDraftNow) await report.saveDraftNow();
      const id = report.elements.draftId.value;
      return id ? area.dataset.evidenceUpload.replace('{draftId}', encodeURIComponent(id)) : null;
    }

    async function upload() {
      const file = input.files[0];
      if (!file) return;
      const url = await target();
      if (!url) {
        refuse(status.dataset.needsDraft);
        return;
      }
      clear();
      progress.value = 0;
      bar.hidden = false;
      status.textContent = status.dataset.uploading.replace('{{name}}', file.name);
      const body = new FormData();
      body.append('file', file, file.name);
      const request = new XMLHttpRequest();
      request.open('POST', url);
      request.setRequestHeader('Accept', 'application/json');
      request.responseType = 'json';
      request.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
      });
      request.addEventListener('error', () => refuse(status.dataset.failed));
      request.addEventListener('load', () => {
        const answer = request.status === 200 ? request.response : null;
        if (!answer || typeof answer.message !== 'string') return refuse(status.dataset.failed);
        if (!answer.uploaded) return refuse(answer.message);
        progress.value = 100;
        status.textContent = answer.message;
        input.value = '';
        listed(answer);
      });
      request.send(body);
    }

    function listed(answer) {
      const item = document.createElement('li');
      if (answer.previewHref) {
        const image = document.createElement('img');
        image.className = 'evidence-thumbnail';
        image.src = answer.previewHref;
        image.alt = answer.previewAlt;
        item.append(image, ' ');
      }
      const link = document.createElement('a');
      link.href = answer.href;
      link.download = '';
      link.textContent = answer.linkText;
      item.append(link);
      list.append(item);
      list.hidden = false;
      document.querySelector('[data-evidence-empty]')?.remove();
    }

    function refuse(text) {
      bar.hidden = true;
      if (!error) {
        error = document.createElement('span');
        error.className = 'label__message label__message--error';
        error.id = input.id + '-error';
        error.dataset.uploadError = '';
        input.labels[0].append(error);
      }
      error.textContent = text;
      status.textContent = text;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', hint + ' ' + error.id);
    }

    function clear() {
      error?.remove();
      error = null;
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', hint);
    }
  }
})();
