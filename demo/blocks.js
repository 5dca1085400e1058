// The interactive messages demo: asks the server's demo bot to send a message with every kind of
// block into the visitor's conversation (opening one first when there is none).
const chat = document.getElementById('chat');
const status = document.getElementById('blocks-status');

document.getElementById('show-blocks').addEventListener('click', async () => {
  status.textContent = '';
  try {
    await customElements.whenDefined('support-chat');
    await chat.open();
    if (!chat.conversationId) await chat.sendMessage('Show me interactive messages, please.');
    const response = await fetch('/demo/blocks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: chat.conversationId }),
    });
    if (!response.ok) throw new Error((await response.json()).error?.message ?? response.statusText);
  } catch (error) {
    status.textContent = `The demo bot could not answer: ${error.message}`;
  }
});
