// GramJS 2.26.22 (layer 198, TCP full, p_q_inner_data, RSA_PAD) logs in to the testkit (run.sh): wrong code then
// right code, 2FA, getMe, full user, Saved Messages (raw and sendMessage('me')). The CI runs GramJS in interop/;
// this is the quick manual check.
const readline = require('readline');
const { createRequire } = require('module');
const { TelegramClient, Api } = require('telegram');
const { StringSession } = require('telegram/sessions');
const { ConnectionTCPFull } = require('telegram/network');
const RSA = require('telegram/crypto/RSA');
const crypto = require('crypto');
const bigInt = createRequire(require.resolve('telegram'))('big-integer');
const log = (...a) => console.error('[gramjs]', ...a);
(async () => {
  const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const first = JSON.parse((await lines.next()).value);
  const jwk = crypto.createPublicKey(first.rsa_public_key_pem).export({ format: 'jwk' });
  RSA._serverKeys.set(first.rsa_fingerprint, { n: bigInt(Buffer.from(jwk.n, 'base64url').toString('hex'), 16), e: 65537 });
  const ports = Object.fromEntries(first.dcs.map(d => [d.id, d.port]));
  class Conn extends ConnectionTCPFull { constructor(o) { super({ ...o, ip: '127.0.0.1', port: ports[o.dcId] }); } }
  const session = new StringSession('');
  session.setDC(2, '127.0.0.1', 443);
  const client = new TelegramClient(session, 12345, '0123456789abcdef0123456789abcdef', { connection: Conn, connectionRetries: 2 });
  client.setLogLevel('error');
  let prompts = 0;
  await client.start({ phoneNumber: '+15550001111', phoneCode: async () => (++prompts === 1 ? '11111' : '12345'),
    password: async () => 'hunter2', onError: e => { log('onError', e.errorMessage || e.message); return false; } });
  const me = await client.getMe();
  log('getMe ->', me.className, me.id.toString(), me.firstName, 'prompts', prompts);
  const full = await client.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }));
  log('getFullUser ->', full.className, full.fullUser.className);
  const sent = await client.invoke(new Api.messages.SendMessage({ peer: new Api.InputPeerSelf(), message: 'hi', randomId: bigInt(7) }));
  log('sendMessage ->', sent.className, sent.updates.map(u => u.className).join(','));
  const msg = await client.sendMessage('me', { message: 'text from gramjs' });
  if (!(msg.id > 0) || msg.message !== 'text from gramjs') throw new Error('sendMessage returned ' + msg.id);
  log("sendMessage('me') ->", msg.id, msg.message, msg.out);
  console.log('OK');
  process.exit(0);
})().catch(e => { log('FAILED', e); process.exit(1); });
setTimeout(() => { log('TIMEOUT'); process.exit(3); }, 60000);
