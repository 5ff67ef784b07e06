// mtcute 0.30.3 (layer 227, intermediate, p_q_inner_data_dc, get_future_salts, no "+" in phones) logs in to the
// testkit (run.sh): wrong code then right code, 2FA, full user, Saved Messages (raw and sendText('me')), config,
// a bot. The CI runs mtcute's sendText('me') in interop/ (MtcuteInteropTest).
import { createHash } from 'node:crypto';
import readline from 'node:readline';
import { TelegramClient, MemoryStorage } from '@mtcute/node';
import { addPublicKey } from '@mtcute/core/utils.js';

const log = (...a) => console.error('[mtcute]', ...a);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const first = JSON.parse((await lines.next()).value);
addPublicKey({ sha1: d => new Uint8Array(createHash('sha1').update(d).digest()) }, first.rsa_public_key_pem);
const dc2 = first.dcs.find(d => d.id === 2);
const make = () => new TelegramClient({
  apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef', storage: new MemoryStorage(), logLevel: 2,
  defaultDcs: { main: { id: 2, ipAddress: dc2.host, port: dc2.port }, media: { id: 2, ipAddress: dc2.host, port: dc2.port, mediaOnly: true } },
});
setTimeout(() => { log('TIMEOUT'); process.exit(3); }, 90000);
try {
  const tg = make();
  let prompts = 0;
  const me = await tg.start({ phone: '+1 555 000 2222', code: () => (++prompts === 1 ? '11111' : '54321'), password: 'hunter2',
    invalidCodeCallback: async t => log('invalid', t) });
  log('start ->', me.id, me.firstName, me.isSelf, 'code prompts', prompts);
  const full = await tg.call({ _: 'users.getFullUser', id: { _: 'inputUserSelf' } });
  log('getFullUser ->', full._, full.fullUser._);
  const sent = await tg.call({ _: 'messages.sendMessage', peer: { _: 'inputPeerSelf' }, message: 'hello from mtcute', randomId: 42n });
  log('messages.sendMessage ->', sent._, sent.updates.map(u => u._).join(','));
  const text = await tg.sendText('me', 'text from mtcute');
  if (!(text.id > 0) || text.text !== 'text from mtcute') throw new Error('sendText returned ' + text.id + ' ' + text.text);
  log("sendText('me') ->", text.id, text.text, text.isOutgoing);
  const cfg = await tg.call({ _: 'help.getConfig' });
  log('getConfig ->', cfg.thisDc, cfg.dcOptions.map(o => o.port).join(','));
  await tg.destroy();
  const bot = make();
  const botMe = await bot.start({ botToken: '123456:AAE-secret' });
  log('bot ->', botMe.id, botMe.isBot, botMe.firstName);
  await bot.destroy();
  console.log('OK');
  process.exit(0);
} catch (e) { log('FAILED', e); process.exit(1); }
