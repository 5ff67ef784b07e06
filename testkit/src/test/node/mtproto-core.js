// @mtproto/core 6.3.0 (layer 158, obfuscated2 + intermediate, p_q_inner_data, legacy RSA) logs in to the testkit
// (run.sh): wrong code, right code, 2FA, full user, state, Saved Messages, its export/import to the other DCs, a bot.
const crypto = require('crypto');
const readline = require('readline');
const MTProto = require('@mtproto/core');
const RSA = require('@mtproto/core/src/utils/rsa');
const bigInt = require('big-integer');

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  const it = lines[Symbol.asyncIterator]();
  const first = JSON.parse((await it.next()).value);
  const jwk = crypto.createPublicKey(first.rsa_public_key_pem).export({ format: 'jwk' });
  const modulus = Buffer.from(jwk.n, 'base64url').toString('hex');
  const exponent = Buffer.from(jwk.e, 'base64url').toString('hex').padStart(6, '0');
  const fp = bigInt(first.rsa_fingerprint);
  const fpHex = (fp.isNegative() ? fp.add(bigInt(2).pow(64)) : fp).toString(16);
  RSA.prototype.getPublisKeysByHex = async function () {
    return { [fpHex]: { modulus, exponent }, [fpHex.padStart(16, '0')]: { modulus, exponent } };
  };
  const mem = new Map();
  const storage = { get: async k => mem.get(k), set: async (k, v) => { mem.set(k, v); } };
  const make = () => {
    const m = new MTProto({ api_id: 12345, api_hash: '0123456789abcdef0123456789abcdef', storageOptions: { instance: storage } });
    m.dcList = first.dcs.map(d => ({ id: d.id, ip: d.host, port: d.port }));
    return m;
  };
  const mtproto = make();
  const log = (...a) => console.error('[mtproto-core]', ...a);
  const config = await mtproto.call('help.getConfig');
  log('config this_dc', config.this_dc, 'options', config.dc_options.map(o => o.port).join(','));
  const sent = await mtproto.call('auth.sendCode', { phone_number: '+15550001111', api_id: 12345, api_hash: 'x', settings: { _: 'codeSettings' } });
  log('sentCode', sent._, sent.type._);
  try {
    await mtproto.call('auth.signIn', { phone_number: '+15550001111', phone_code_hash: sent.phone_code_hash, phone_code: '00000' });
    throw new Error('wrong code accepted');
  } catch (e) { log('wrong code ->', e.error_code, e.error_message); if (e.error_message !== 'PHONE_CODE_INVALID') throw e; }
  try {
    await mtproto.call('auth.signIn', { phone_number: '+15550001111', phone_code_hash: sent.phone_code_hash, phone_code: '12345' });
    throw new Error('2FA not asked');
  } catch (e) { log('signIn ->', e.error_code, e.error_message); if (e.error_message !== 'SESSION_PASSWORD_NEEDED') throw e; }
  const pw = await mtproto.call('account.getPassword');
  const { g, p, salt1, salt2 } = pw.current_algo;
  const { A, M1 } = await mtproto.crypto.getSRPParams({ g, p, salt1, salt2, gB: pw.srp_B, password: 'hunter2' });
  const auth = await mtproto.call('auth.checkPassword', { password: { _: 'inputCheckPasswordSRP', srp_id: pw.srp_id, A, M1 } });
  log('checkPassword ->', auth._, auth.user._, auth.user.first_name, auth.user.phone);
  const full = await mtproto.call('users.getFullUser', { id: { _: 'inputUserSelf' } });
  log('getFullUser ->', full._, full.full_user._, full.users[0].first_name);
  const state = await mtproto.call('updates.getState');
  log('getState ->', state._, 'pts', state.pts);
  const me = await mtproto.call('users.getUsers', { id: [{ _: 'inputUserSelf' }] });
  log('getUsers ->', me[0]._, me[0].id);
  const saved = await mtproto.call('messages.sendMessage', { peer: { _: 'inputPeerSelf' }, message: 'text from mtproto-core', random_id: '158' });
  const newMessage = saved.updates.find(u => u._ === 'updateNewMessage');
  if (!newMessage || newMessage.message.message !== 'text from mtproto-core') throw new Error('sendMessage returned ' + saved._);
  log('sendMessage ->', saved._, saved.updates.map(u => u._).join(','), 'id', newMessage.message.id);
  const dc3 = await mtproto.call('users.getFullUser', { id: { _: 'inputUserSelf' } }, { dcId: 3 }).catch(e => e);
  log('DC 3 after syncAuth (export/import) ->', dc3._, dc3.error_message || dc3.full_user._);
  const bot = make();
  await new Promise(r => setTimeout(r, 10));
  mem.clear();
  const botAuth = await bot.call('auth.importBotAuthorization', { flags: 0, api_id: 12345, api_hash: 'x', bot_auth_token: '123456:AAE-secret' }, { dcId: 2 });
  log('bot ->', botAuth._, botAuth.user._, botAuth.user.bot, botAuth.user.first_name);
  console.log('OK');
  process.exit(0);
}
main().catch(e => { console.error('FAILED', e); process.exit(1); });
setTimeout(() => { console.error('TIMEOUT'); process.exit(3); }, 60000);
