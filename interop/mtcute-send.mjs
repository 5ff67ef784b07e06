// mtcute (@mtcute/node 0.30.3, layer 227, intermediate framing) logs in to an mtflux testkit cluster and writes
// to Saved Messages with its high-level sendText('me', ...).
//
//   node mtcute-send.mjs --phone P --text T [--password PW] [--timeout-ms MS]
//
// stdin: the testkit's JSON lines (the cluster line first, then code_sent events), exactly what
// `java -jar testkit/target/mtflux-testkit.jar` prints; the login code is taken from those events only.
// stdout: one JSON line, the result (see README.md). Exit 0 when it passed, 1 when it failed, 2 for a bad
// command line. mtcute's logs go to stderr.
import { createHash } from 'node:crypto';
import readline from 'node:readline';
import { TelegramClient, MemoryStorage } from '@mtcute/node';
import { addPublicKey } from '@mtcute/core/utils.js';

// mtcute's start() prints with console.log: stdout is reserved for our JSON line
console.log = (...a) => console.error(...a);
const started = Date.now();
const log = (...a) => console.error('[mtcute]', ...a);
const emit = (object) => process.stdout.write(JSON.stringify(object) + '\n');
const digits = (phone) => String(phone).replace(/[^0-9]/g, '');

function parseArgs(argv) {
    const args = { timeoutMs: 30000 };
    const names = { '--phone': 'phone', '--text': 'text', '--password': 'password', '--timeout-ms': 'timeoutMs' };
    for (let i = 0; i < argv.length; i += 2) {
        const name = names[argv[i]];
        if (!name || i + 1 >= argv.length) {
            throw new Error('unknown flag or missing value: ' + argv[i]);
        }
        args[name] = argv[i + 1];
    }
    args.timeoutMs = Number(args.timeoutMs);
    if (!args.phone || !args.text) {
        throw new Error('--phone and --text are required');
    }
    return args;
}

/** The cluster line, then the codes sent to each phone (digits) in the order the code_sent events came. */
function feed(input) {
    const codes = new Map();
    let waiters = [];
    let closed = false;
    let resolveCluster;
    const cluster = new Promise((resolve) => { resolveCluster = resolve; });
    const wake = () => { const w = waiters; waiters = []; w.forEach((f) => f()); };
    const lines = readline.createInterface({ input });
    lines.on('line', (line) => {
        let message;
        try {
            message = JSON.parse(line);
        } catch (e) {
            return;
        }
        if (message.dcs) {
            resolveCluster(message);
        } else if (message.event === 'code_sent') {
            const key = digits(message.phone);
            codes.set(key, [...(codes.get(key) || []), String(message.code)]);
            wake();
        }
    });
    lines.on('close', () => { closed = true; wake(); });
    return {
        cluster,
        /** The newest code sent to the phone once it has had more than `mark` codes. */
        async codeAfter(phone, mark, timeoutMs) {
            const deadline = Date.now() + timeoutMs;
            for (;;) {
                const list = codes.get(digits(phone)) || [];
                if (list.length > mark) {
                    return list[list.length - 1];
                }
                if (closed || Date.now() >= deadline) {
                    throw new Error(closed ? 'stdin closed while waiting for a code' : 'no login code in time');
                }
                await new Promise((resolve) => {
                    const timer = setTimeout(resolve, deadline - Date.now());
                    waiters.push(() => { clearTimeout(timer); resolve(); });
                });
            }
        },
    };
}

function withTimeout(promise, ms, what) {
    let timer;
    const limit = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(what + ' took longer than ' + ms + ' ms')), ms);
    });
    return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

let args;
try {
    args = parseArgs(process.argv.slice(2));
} catch (e) {
    console.error(e.message);
    process.exit(2);
}
const result = { ok: false, requests: [] };
setTimeout(() => {
    emit({ ...result, error: 'the run took longer than ' + 3 * args.timeoutMs + ' ms' });
    process.exit(1);
}, 3 * args.timeoutMs).unref();
try {
    const input = feed(process.stdin);
    const cluster = await withTimeout(input.cluster, args.timeoutMs, 'the cluster line');
    addPublicKey({ sha1: (d) => new Uint8Array(createHash('sha1').update(d).digest()) },
        cluster.rsa_public_key_pem);
    const dc2 = cluster.dcs.find((d) => d.id === 2);
    const tg = new TelegramClient({
        apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef', storage: new MemoryStorage(), logLevel: 2,
        defaultDcs: {
            main: { id: 2, ipAddress: dc2.host, port: dc2.port },
            media: { id: 2, ipAddress: dc2.host, port: dc2.port, mediaOnly: true },
        },
    });
    // every request mtcute puts on the wire, by method name (its high-level methods all go through mt.call)
    const mt = tg._client.mt;
    const call = mt.call.bind(mt);
    mt.call = (message, params) => {
        result.requests.push(message._);
        return call(message, params);
    };
    const me = await withTimeout(tg.start({
        phone: args.phone,
        code: () => input.codeAfter(args.phone, 0, args.timeoutMs),
        password: args.password,
    }), args.timeoutMs, 'start()');
    result.user = { id: String(me.id), self: me.isSelf };
    const mark = result.requests.length;
    const sent = await withTimeout(tg.sendText('me', args.text), args.timeoutMs, "sendText('me')");
    result.sent = { id: sent.id, text: sent.text, chatId: String(sent.chat.id), outgoing: sent.isOutgoing };
    result.sendRequests = result.requests.slice(mark);
    await tg.destroy();
    result.ok = true;
    result.ms = Date.now() - started;
    emit(result);
    process.exit(0);
} catch (e) {
    log('FAILED', e);
    emit({ ...result, error: String(e && e.stack || e), ms: Date.now() - started });
    process.exit(1);
}
