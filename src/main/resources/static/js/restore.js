// The restore modal: shown once htmx has filled it for the snapshot chosen (or refilled it with a refusal),
// and closed once the server says the restore started, leaving the user at the Restores section to watch its steps.
const restoreModal = document.getElementById('restore-modal');

document.addEventListener('htmx:afterSwap', event => {
  if (event.detail.target.id !== 'restore-dialog') {
    return;
  }
  bootstrap.Modal.getOrCreateInstance(restoreModal).show();
  focusRestoreField();
});

restoreModal.addEventListener('shown.bs.modal', focusRestoreField);

// The new cluster's name only counts, and is only sent, when that mode is chosen.
restoreModal.addEventListener('change', event => {
  if (event.target.name === 'mode') {
    const target = document.getElementById('restore-targetName');
    target.disabled = event.target.value !== 'new-cluster';
    if (!target.disabled) {
      target.focus();
    }
  }
});

document.addEventListener('restoreStarted', () => {
  restoreModal.addEventListener('hidden.bs.modal', () => {
    restoreModal.querySelector('#restore-dialog').replaceChildren();
    document.getElementById('restores-section').scrollIntoView();
  }, {once: true});
  bootstrap.Modal.getOrCreateInstance(restoreModal).hide();
});

// The field a refusal names, or else the name box: the next thing to type in.
function focusRestoreField() {
  const field = restoreModal.querySelector('.is-invalid') || restoreModal.querySelector('#restore-confirmName');
  if (field && restoreModal.classList.contains('show')) {
    field.focus();
  }
}
