'use strict';
// The GramJS side of bench/'s GramJsComparisonHarness: RPC calls/s and logins/s against a testkit cluster.
//
//   node gramjs-bench.js rpc   --concurrency 1,100 [--connection full] [--warmup-ms 2000] [--run-ms 5000]
//   node gramjs-bench.js login --phones P1,P2,... --password PW [--connection full] [--warmup-ms 2000]
//                              [--run-ms 10000]
//   node gramjs-bench.js slices [--phones P1,P2,... --password PW] [--connection full]
//
// stdin: the testkit's JSON lines (cluster line, then code_sent events), as for gramjs-login.js.
// slices: driven by command lines on stdin, so that a harness can alternate GramJS and mtflux in slices: after
// the client connected it prints {"mode":"ready"}, then runs one measurement per command and prints its line:
//   {"command":"rpc","concurrency":C,"ms":T}  C loops of help.getNearestDc on the one client for T ms
//   {"command":"login","ms":T}                one login loop per phone for T ms
//   {"command":"stop"}                        closes the client and exits
// A slice has no warm-up of its own (the harness runs unmeasured slices first) and ends when its last call or
// login has completed, so two slices never overlap.
// stdout: one JSON line per measurement:
//   {"mode":"rpc","concurrency":C,"count":N,"seconds":S,"rate":R,"p50_us":..,"p99_us":..}
//   {"mode":"login","pipelines":P,"count":N,"seconds":S,"rate":R,"p50_us":..,"p99_us":..,"failures":F}
// rpc: C concurrent loops of help.getNearestDc over one client (one connection). login: one loop per phone,
// each login a new client (new auth key), phone code from the feed, then the 2FA password (SRP).
// Exit 0 after the last line, 1 on a failure. Logs on stderr.

const { Api } = require('telegram');
const kit = require('./lib/testkit');

function parseArgs(argv) {
    const args = { mode: argv[0], connection: 'full', warmupMs: 2000, runMs: 5000, timeoutMs: 30000 };
    const names = {
        '--concurrency': 'concurrency', '--connection': 'connection', '--warmup-ms': 'warmupMs',
        '--run-ms': 'runMs', '--phones': 'phones', '--password': 'password', '--timeout-ms': 'timeoutMs',
    };
    for (let i = 1; i < argv.length; i += 2) {
        const name = names[argv[i]];
        if (!name || i + 1 >= argv.length) {
            throw new Error('unknown flag or missing value: ' + argv[i]);
        }
        args[name] = argv[i + 1];
    }
    ['warmupMs', 'runMs', 'timeoutMs'].forEach((k) => {
        args[k] = Number(args[k]);
    });
    if (args.mode === 'rpc') {
        args.concurrency = String(args.concurrency || '1,100').split(',').map(Number);
    } else if (args.mode === 'login') {
        if (!args.phones || !args.password) {
            throw new Error('login needs --phones and --password');
        }
        args.phones = args.phones.split(',');
    } else if (args.mode === 'slices') {
        args.phones = args.phones ? args.phones.split(',') : [];
    } else {
        throw new Error('the mode is rpc, login or slices');
    }
    return args;
}

/** Counts completions inside the measured window (after the warm-up) and samples their latencies. */
class Recorder {
    constructor(warmupMs, runMs) {
        const now = process.hrtime.bigint();
        this.start = now + BigInt(warmupMs) * 1000000n;
        this.end = this.start + BigInt(runMs) * 1000000n;
        this.count = 0;
        this.latencies = [];
    }

    running() {
        return process.hrtime.bigint() < this.end;
    }

    record(t0) {
        const now = process.hrtime.bigint();
        if (now >= this.start && now < this.end) {
            this.count += 1;
            if (this.latencies.length < 200000) {
                this.latencies.push(Number(now - t0) / 1000);
            }
        }
    }

    summary(extra) {
        const sorted = this.latencies.slice().sort((a, b) => a - b);
        const at = (p) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1,
            Math.floor(p * sorted.length))]) : 0);
        const seconds = Number(this.end - this.start) / 1e9;
        return {
            ...extra, count: this.count, seconds, rate: this.count / seconds, p50_us: at(0.5), p99_us: at(0.99),
        };
    }
}

/** C loops of help.getNearestDc on one connected client; returns the recorder once every loop has stopped. */
async function rpcLoops(client, args, c, warmupMs, runMs) {
    const recorder = new Recorder(warmupMs, runMs);
    const loop = async () => {
        while (recorder.running()) {
            const t0 = process.hrtime.bigint();
            await kit.withTimeout(client.invoke(new Api.help.GetNearestDc()), args.timeoutMs, 'getNearestDc');
            recorder.record(t0);
        }
    };
    await Promise.all(Array.from({ length: c }, loop));
    return recorder;
}

async function rpc(args, cluster) {
    const client = kit.newClient(cluster, args.connection, { startDc: 2 });
    await kit.connect(client, args.timeoutMs);
    for (const c of args.concurrency) {
        const recorder = await rpcLoops(client, args, c, args.warmupMs, args.runMs);
        kit.emit(recorder.summary({ mode: 'rpc', concurrency: c, connection: args.connection }));
    }
    await kit.withTimeout(client.destroy(), args.timeoutMs, 'destroy');
}

/** Runs measurements as the harness asks for them on stdin (see the head of this file). */
async function slices(args, cluster, feed) {
    const client = kit.newClient(cluster, args.connection, { startDc: 2 });
    await kit.connect(client, args.timeoutMs);
    kit.emit({ mode: 'ready' });
    for (;;) {
        // the harness measures its own slice meanwhile: allow it long enough
        const command = await feed.nextCommand(10 * 60 * 1000);
        if (command.command === 'rpc') {
            const recorder = await rpcLoops(client, args, Number(command.concurrency), 0, Number(command.ms));
            kit.emit(recorder.summary({ mode: 'rpc', concurrency: Number(command.concurrency),
                connection: args.connection }));
        } else if (command.command === 'login') {
            await login({ ...args, warmupMs: 0, runMs: Number(command.ms) }, cluster, feed);
        } else if (command.command === 'stop') {
            break;
        } else {
            throw new Error('unknown command ' + command.command);
        }
    }
    await kit.withTimeout(client.destroy(), args.timeoutMs, 'destroy');
}

async function login(args, cluster, feed) {
    const recorder = new Recorder(args.warmupMs, args.runMs);
    let failures = 0;
    let lastError = null;
    const pipeline = async (phone) => {
        while (recorder.running()) {
            const t0 = process.hrtime.bigint();
            const client = kit.newClient(cluster, args.connection, { startDc: 2 });
            try {
                await kit.connect(client, args.timeoutMs);
                const mark = feed.count(phone);
                await kit.withTimeout(client.start({
                    phoneNumber: async () => phone,
                    phoneCode: async () => feed.codeAfter(phone, mark, args.timeoutMs),
                    password: async () => args.password,
                    onError: async (err) => {
                        lastError = kit.rpcErrorName(err);
                        return true;
                    },
                }), args.timeoutMs, 'login');
                recorder.record(t0);
            } catch (e) {
                failures += 1;
                lastError = kit.rpcErrorName(e);
            } finally {
                await kit.withTimeout(client.destroy(), args.timeoutMs, 'destroy').catch(() => undefined);
            }
        }
    };
    await Promise.all(args.phones.map(pipeline));
    kit.emit(recorder.summary({
        mode: 'login', pipelines: args.phones.length, connection: args.connection, failures, lastError,
    }));
}

function main() {
    let args;
    try {
        args = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error('gramjs-bench: ' + e.message);
        process.exit(2);
    }
    const feed = new kit.TestkitFeed(process.stdin);
    kit.withTimeout(feed.ready, args.timeoutMs, 'reading the cluster line').then((cluster) => {
        kit.trustClusterKey(cluster);
        if (args.mode === 'slices') {
            return slices(args, cluster, feed);
        }
        return args.mode === 'rpc' ? rpc(args, cluster) : login(args, cluster, feed);
    }).then(() => process.exit(0), (e) => {
        kit.emit({ mode: args.mode, ok: false, error: kit.rpcErrorName(e) });
        console.error(e && e.stack ? e.stack : String(e));
        process.exit(1);
    });
}

main();
