'use strict';
// One GramJS (telegram 2.26.22) login scenario against an mtflux testkit cluster.
//
//   node gramjs-login.js --scenario S --connection C [--websocket ws|wss] [--phone P] [--password PW]
//                        [--bot-token T] [--first NAME] [--last NAME] [--start-dc N] [--timeout-ms MS]
//
// stdin: the testkit's JSON lines (the cluster line first, then code_sent events), exactly what
// `java -jar testkit/target/mtflux-testkit.jar` prints. Login codes are taken from those events only.
// stdout: one JSON line, the result (see README.md). Exit 0 when the scenario passed, 1 when it failed,
// 2 for a bad command line. GramJS's logs go to stderr (GRAMJS_LOG=debug for all of them).

const { Api } = require('telegram');
const kit = require('./lib/testkit');

const SCENARIOS = ['signup', 'login', '2fa', 'wrong-code', 'bot', 'migrate', 'resume'];

function parseArgs(argv) {
    const args = { startDc: 2, timeoutMs: 30000, first: 'Gram', last: 'Js' };
    const names = {
        '--scenario': 'scenario', '--connection': 'connection', '--phone': 'phone', '--password': 'password',
        '--bot-token': 'botToken', '--first': 'first', '--last': 'last', '--start-dc': 'startDc',
        '--timeout-ms': 'timeoutMs', '--session-out': 'sessionOut', '--websocket': 'websocket',
    };
    for (let i = 0; i < argv.length; i += 2) {
        const name = names[argv[i]];
        if (!name || i + 1 >= argv.length) {
            throw new Error('unknown flag or missing value: ' + argv[i]);
        }
        args[name] = argv[i + 1];
    }
    args.startDc = Number(args.startDc);
    args.timeoutMs = Number(args.timeoutMs);
    if (!SCENARIOS.includes(args.scenario)) {
        throw new Error('--scenario must be one of ' + SCENARIOS.join(', '));
    }
    if (!args.connection) {
        throw new Error('--connection is required (full, abridged or obfuscated)');
    }
    if (args.scenario === 'bot' ? !args.botToken : !args.phone) {
        throw new Error(args.scenario === 'bot' ? '--bot-token is required' : '--phone is required');
    }
    if (args.websocket !== undefined && args.websocket !== 'ws' && args.websocket !== 'wss') {
        throw new Error('--websocket must be ws or wss');
    }
    if (args.scenario === '2fa' && !args.password) {
        throw new Error('--password is required for 2fa');
    }
    return args;
}

function describeUser(user) {
    return user && {
        id: String(user.id), firstName: user.firstName, lastName: user.lastName || '', phone: user.phone || null,
        bot: !!user.bot, self: !!user.self,
    };
}

/** The phone-login parameters of client.start() for a scenario; codes come from the testkit feed only. */
function userAuth(args, feed, errors) {
    let codeAsks = 0;
    const mark = feed.count(args.phone);
    const auth = {
        phoneNumber: async () => args.phone,
        phoneCode: async () => {
            codeAsks += 1;
            const code = await feed.codeAfter(args.phone, mark, args.timeoutMs);
            if (args.scenario === 'wrong-code' && codeAsks === 1) {
                // every digit changed: certainly not the code
                return code.replace(/[0-9]/g, (d) => String((Number(d) + 1) % 10));
            }
            return code;
        },
        firstAndLastNames: async () => [args.first, args.last],
        onError: async (err) => {
            const message = kit.rpcErrorName(err);
            errors.push(message);
            // only the planned wrong code is answered by asking again; anything else ends the login
            return !(args.scenario === 'wrong-code' && codeAsks === 1 && message === 'PHONE_CODE_INVALID');
        },
    };
    if (args.password) {
        auth.password = async () => args.password;
    }
    return { auth, codeAsks: () => codeAsks };
}

async function run(args, feed, result) {
    const started = Date.now();
    const cluster = await kit.withTimeout(feed.ready, args.timeoutMs, 'reading the cluster line');
    kit.trustClusterKey(cluster);
    const trace = kit.traceRequests();
    const authErrors = [];
    // on a failure, what happened so far goes out with the error
    result.authErrors = authErrors;
    result.requests = trace.requests;
    result.errors = trace.errors;

    // over WebSocket: every URL GramJS opened (none over TCP)
    const websocketUrls = [];
    result.websockets = websocketUrls;
    const web = { websocket: args.websocket, websocketUrls };
    const client = kit.newClient(cluster, args.connection, { startDc: args.startDc, ...web });
    await kit.connect(client, args.timeoutMs);
    let codeAsks = () => 0;
    if (args.scenario === 'bot') {
        // no phoneNumber key at all: GramJS picks the bot flow by its absence
        await kit.withTimeout(client.start({
            botAuthToken: args.botToken,
            onError: async (err) => {
                authErrors.push(kit.rpcErrorName(err));
                return true;
            },
        }), args.timeoutMs, 'bot login');
    } else {
        const flow = userAuth(args, feed, authErrors);
        codeAsks = flow.codeAsks;
        await kit.withTimeout(client.start(flow.auth), args.timeoutMs, 'login');
    }
    const me = await kit.withTimeout(client.getMe(), args.timeoutMs, 'getMe');
    await kit.withTimeout(client.invoke(new Api.updates.GetState()), args.timeoutMs, 'updates.getState');
    Object.assign(result, {
        user: describeUser(me), dc: client.session.dcId, codeAsks: codeAsks(), authErrors,
        requests: trace.requests.slice(), errors: trace.errors.slice(), websockets: websocketUrls.slice(),
    });

    if (args.scenario === 'resume') {
        const saved = client.session.save();
        if (!saved) {
            throw new Error('StringSession.save() gave nothing');
        }
        if (args.sessionOut) {
            // for the Java side's import test: the string holds the auth key, so a file readable only by us
            require('fs').writeFileSync(args.sessionOut, saved, { mode: 0o600 });
        }
        await kit.withTimeout(client.destroy(), args.timeoutMs, 'destroy');
        trace.requests.length = 0;
        trace.errors.length = 0;
        const resumed = kit.newClient(cluster, args.connection, { session: saved, ...web });
        await kit.connect(resumed, args.timeoutMs);
        const state = await kit.withTimeout(resumed.invoke(new Api.updates.GetState()), args.timeoutMs,
            'updates.getState after resume');
        const again = await kit.withTimeout(resumed.getMe(), args.timeoutMs, 'getMe after resume');
        result.resumed = {
            user: describeUser(again), dc: resumed.session.dcId, pts: state.pts,
            requests: trace.requests.slice(), errors: trace.errors.slice(),
        };
        await kit.withTimeout(resumed.destroy(), args.timeoutMs, 'destroy');
    } else {
        await kit.withTimeout(client.destroy(), args.timeoutMs, 'destroy');
    }
    result.ok = true;
    result.ms = Date.now() - started;
}

function main() {
    let args;
    try {
        args = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error('gramjs-login: ' + e.message);
        process.exit(2);
    }
    const feed = new kit.TestkitFeed(process.stdin);
    const result = { scenario: args.scenario, connection: args.connection, websocket: args.websocket || null, ok: false };
    // a hard limit for the whole run: GramJS can wait forever on its own
    const watchdog = setTimeout(() => {
        result.error = 'scenario timed out';
        kit.emit(result);
        process.exit(1);
    }, args.timeoutMs * 3);
    run(args, feed, result).then(() => {
        kit.emit(result);
        clearTimeout(watchdog);
        // GramJS's update loop keeps the process alive
        process.exit(0);
    }, (e) => {
        result.error = kit.rpcErrorName(e);
        kit.emit(result);
        console.error(e && e.stack ? e.stack : String(e));
        process.exit(1);
    });
}

main();
