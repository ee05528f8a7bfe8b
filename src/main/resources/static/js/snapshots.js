// The snapshot delete confirmation: each time it opens, it names the snapshot of the row whose Delete… opened it and posts to it.
const snapshotDeleteModal = document.getElementById('snapshot-delete-modal');

snapshotDeleteModal.addEventListener('show.bs.modal', event => {
  const row = event.relatedTarget.closest('tr');
  const cell = name => row.querySelector('.snapshot-' + name).textContent.trim();
  snapshotDeleteModal.querySelector('form').action = event.relatedTarget.dataset.action;
  snapshotDeleteModal.querySelector('#snapshot-delete-what').textContent =
      `${cell('trigger')} snapshot of ${row.dataset.cluster} taken ${cell('taken-utc')}`;
});
