// Marks each schedule form field invalid while a message sits beside it: the live preview swaps in only the messages.
document.addEventListener('htmx:afterSettle', () => {
  for (const feedback of document.querySelectorAll('#schedule-form .invalid-feedback')) {
    const field = document.getElementById(feedback.id.replace(/-feedback$/, ''));
    field.classList.toggle('is-invalid', feedback.textContent.trim() !== '');
  }
});
