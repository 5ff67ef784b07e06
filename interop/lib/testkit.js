'use strict';
// What every GramJS script here needs to talk to an mtflux testkit cluster (see ../README.md and
// docs/interop-notes.md section 1): the cluster's JSON lines on stdin, its RSA key in GramJS's key table, a
// connection class that dials the real port of each DC, a WebSocket socket class for useWSS, timeouts, and logs
// on stderr.

const crypto = require('crypto');
const readline = require('readline');
const { createRequire } = require('module');
const { TelegramClient } = require('telegram');
const { StringSession } = require('telegram/sessions');
const network = require('telegram/network');
const { PromisedWebSockets } = require('telegram/extensions');
const { Logger } = require('telegram/extensions/Logger');
const RSA = require('telegram/crypto/RSA');
// GramJS compares key objects made by its own big-integer instance
const bigInt = createRequire(require.resolve('telegram'))('big-integer');

// GramJS's own logger and a few places in it print with console.log: stdout is reserved for our JSON lines.
console.log = (...args) => console.error(...args);

/** Writes one JSON line to stdout. */
function emit(object) {
    process.stdout.write(JSON.stringify(object) + '\n');
}

/** Digits only: the cluster ignores '+', spaces, dashes, dots and parentheses. */
function digits(phone) {
    return String(phone).replace(/[^0-9]/g, '');
}

/**
 * Reads the testkit's JSON lines from stdin: the first line describes the cluster
 * ({"dcs":[{id,host,port}],"rsa_public_key_pem":...,"rsa_fingerprint":...}), every later line is an event
 * ({"event":"code_sent","phone":"+...","code":"...","dc":N}); other events are ignored.
 */
class TestkitFeed {
    constructor(input) {
        this.codes = new Map();   // digits -> [code, ...] in the order sent
        this.commands = [];       // {"command": ...} lines from the driving harness, not yet taken
        this.waiters = [];
        this.closed = false;
        this.ready = new Promise((resolve, reject) => {
            this._resolveReady = resolve;
            this._rejectReady = reject;
        });
        const lines = readline.createInterface({ input });
        lines.on('line', (line) => this._line(line));
        lines.on('close', () => {
            this.closed = true;
            this._rejectReady(new Error('stdin closed before the cluster line'));
            this._wake();
        });
    }

    _line(line) {
        if (!line.trim()) {
            return;
        }
        let message;
        try {
            message = JSON.parse(line);
        } catch (e) {
            console.error('ignoring a line that is not JSON');
            return;
        }
        if (message.dcs) {
            this._resolveReady(message);
        } else if (message.event === 'code_sent') {
            const key = digits(message.phone);
            if (!this.codes.has(key)) {
                this.codes.set(key, []);
            }
            this.codes.get(key).push(String(message.code));
            this._wake();
        } else if (message.command) {
            this.commands.push(message);
            this._wake();
        }
    }

    /** The next {"command": ...} line the driving harness wrote; waits for one up to timeoutMs. */
    async nextCommand(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            if (this.commands.length) {
                return this.commands.shift();
            }
            if (this.closed) {
                throw new Error('stdin closed while waiting for a command');
            }
            const left = deadline - Date.now();
            if (left <= 0) {
                throw new Error('no command within ' + timeoutMs + ' ms');
            }
            await new Promise((resolve) => {
                const timer = setTimeout(resolve, left);
                this.waiters.push(() => {
                    clearTimeout(timer);
                    resolve();
                });
            });
        }
    }

    _wake() {
        const waiting = this.waiters;
        this.waiters = [];
        waiting.forEach((w) => w());
    }

    /** How many codes this phone has been sent so far (a mark for {@link #codeAfter}). */
    count(phone) {
        return (this.codes.get(digits(phone)) || []).length;
    }

    /** The newest code sent to the phone after the first `mark` codes; waits for one up to timeoutMs. */
    async codeAfter(phone, mark, timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const list = this.codes.get(digits(phone)) || [];
            if (list.length > mark) {
                return list[list.length - 1];
            }
            if (this.closed) {
                throw new Error('stdin closed while waiting for a login code');
            }
            const left = deadline - Date.now();
            if (left <= 0) {
                throw new Error('no login code for the phone within ' + timeoutMs + ' ms');
            }
            await new Promise((resolve) => {
                const timer = setTimeout(resolve, left);
                this.waiters.push(() => {
                    clearTimeout(timer);
                    resolve();
                });
            });
        }
    }
}

/** Puts the cluster's RSA key into GramJS's key table (and drops Telegram's keys). */
function trustClusterKey(cluster) {
    const jwk = crypto.createPublicKey(cluster.rsa_public_key_pem).export({ format: 'jwk' });
    const n = Buffer.from(jwk.n, 'base64url').toString('hex');
    const e = parseInt(Buffer.from(jwk.e, 'base64url').toString('hex'), 16);
    RSA._serverKeys.clear();
    RSA._serverKeys.set(String(cluster.rsa_fingerprint), { n: bigInt(n, 16), e });
}

const CONNECTIONS = {
    full: network.ConnectionTCPFull,
    abridged: network.ConnectionTCPAbridged,
    obfuscated: network.ConnectionTCPObfuscated,
};

/**
 * A GramJS connection class that dials the cluster's address and real port for the DC it is made for: GramJS
 * itself always dials port 80 (or 443 after a migration), whatever the session or help.getConfig say.
 */
function connectionClass(kind, cluster) {
    const Base = CONNECTIONS[kind];
    if (!Base) {
        throw new Error('unknown connection ' + kind + ' (full, abridged or obfuscated)');
    }
    const byDc = new Map(cluster.dcs.map((dc) => [dc.id, dc]));
    return class extends Base {
        constructor(options) {
            const dc = byDc.get(options.dcId);
            if (!dc) {
                throw new Error('the cluster has no DC ' + options.dcId);
            }
            super({ ...options, ip: dc.host, port: dc.port });
        }
    };
}

/**
 * A GramJS WebSocket class (its `networkSocket` option, with `useWSS: true`) that records the URL of every WebSocket
 * it opens in `urls`. GramJS builds the URL itself (`getWebSocketLink`: `ws://IP:PORT/apiws`, or `wss://` only when
 * the port is 443); the cluster's DCs listen on other ports, so for `scheme` 'wss' this class asks for wss:// on
 * them, keeping GramJS's host, port and path. The certificate is trusted the Node way: NODE_EXTRA_CA_CERTS.
 */
function webSocketClass(scheme, urls) {
    if (scheme !== 'ws' && scheme !== 'wss') {
        throw new Error('unknown websocket ' + scheme + ' (ws or wss)');
    }
    return class extends PromisedWebSockets {
        getWebSocketLink(ip, port, testServers) {
            const link = super.getWebSocketLink(ip, port, testServers);
            return scheme === 'wss' ? link.replace(/^ws:/, 'wss:') : link;
        }

        async connect(port, ip, testServers) {
            urls.push(this.getWebSocketLink(ip, port, testServers));
            return super.connect(port, ip, testServers);
        }
    };
}

/** GramJS's logger, on stderr, at the level of GRAMJS_LOG (none, error, warn, info, debug; default warn). */
class StderrLogger extends Logger {
    log(level, message) {
        process.stderr.write('[gramjs ' + Math.round(performance.now()) + ' ms ' + level + '] ' + message + '\n');
    }
}

/**
 * A TelegramClient for the cluster: our connection class, no endless retries, and a session that starts on
 * `startDc`. The port in the session is a placeholder (443): GramJS never dials it, and StringSession stores
 * ports as int16, which a real ephemeral port would overflow. With `options.websocket` ('ws' or 'wss') GramJS
 * connects over WebSocket (`useWSS: true` and its WebSocket socket class; see webSocketClass), recording the URLs
 * in `options.websocketUrls`.
 */
function newClient(cluster, kind, options = {}) {
    const session = options.session !== undefined ? new StringSession(options.session) : new StringSession('');
    if (!session.serverAddress) {
        const dc = cluster.dcs.find((d) => d.id === (options.startDc || 2));
        session.setDC(dc.id, dc.host, 443);
    }
    const web = options.websocket
        ? { useWSS: true, networkSocket: webSocketClass(options.websocket, options.websocketUrls || []) } : {};
    return new TelegramClient(session, options.apiId || 12345, options.apiHash || '0123456789abcdef0123456789abcdef', {
        ...web,
        connection: connectionClass(kind, cluster),
        connectionRetries: 2,
        retryDelay: 200,
        requestRetries: 2,
        autoReconnect: false,
        floodSleepThreshold: 0,
        baseLogger: new StderrLogger(process.env.GRAMJS_LOG || 'warn'),
    });
}

/** Rejects when `promise` does not settle within ms (GramJS has no timeouts of its own). */
function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise,
        new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(what + ' timed out after ' + ms + ' ms')), ms);
        }),
    ]).finally(() => clearTimeout(timer));
}

/** connect() with a timeout; GramJS answers false instead of throwing when it gives up. */
async function connect(client, ms) {
    const ok = await withTimeout(client.connect(), ms, 'connect');
    if (ok === false) {
        throw new Error('GramJS could not connect');
    }
}

const MIGRATE_ERRORS = {
    PhoneMigrateError: 'PHONE_MIGRATE_', UserMigrateError: 'USER_MIGRATE_', NetworkMigrateError: 'NETWORK_MIGRATE_',
    FileMigrateError: 'FILE_MIGRATE_',
};

/**
 * The server's error string of a GramJS error: GramJS replaces it by prose in the errors it has classes for
 * (PhoneMigrateError: "The phone number ... is associated with DC 4"), keeping the number apart.
 */
function rpcErrorName(e) {
    const name = e.constructor && e.constructor.name;
    if (MIGRATE_ERRORS[name] && e.newDc !== undefined) {
        return MIGRATE_ERRORS[name] + e.newDc;
    }
    if (name === 'FloodWaitError' && e.seconds !== undefined) {
        return 'FLOOD_WAIT_' + e.seconds;
    }
    return e.errorMessage || String(e.message || e);
}

/**
 * Records every request GramJS puts on the wire (class names) and the RPC errors they got, by wrapping
 * MTProtoSender (both the connect-time send and invoke's queue).
 */
function traceRequests() {
    const trace = { requests: [], errors: [] };
    const proto = network.MTProtoSender.prototype;
    // a request state's promise is also rejected with no reason when GramJS resets it for a resend
    const failed = (e) => {
        if (e) {
            trace.errors.push(rpcErrorName(e));
        }
    };
    const record = (state) => {
        trace.requests.push(state.request.className);
        state.promise.then(undefined, failed);
    };
    const send = proto.send;
    proto.send = function (request) {
        const promise = send.call(this, request);
        trace.requests.push(request.className);
        promise.then(undefined, failed);
        return promise;
    };
    const add = proto.addStateToQueue;
    proto.addStateToQueue = function (state) {
        record(state);
        return add.call(this, state);
    };
    return trace;
}

module.exports = {
    TestkitFeed, trustClusterKey, connectionClass, webSocketClass, newClient, withTimeout, connect, traceRequests, rpcErrorName,
    emit, digits,
};
