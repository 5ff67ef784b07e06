/** A user's module: it reads every published mtflux jar by the name its manifest gives it. */
module com.example.modular {
    requires io.mtflux.transport;
    requires io.mtflux.core;
    requires io.mtflux.auth;
    requires io.mtflux.accounts;
    requires io.mtflux.web;
    requires io.mtflux.testkit;
    requires io.mtflux.store.file;
    requires io.mtflux.store.r2dbc;
    requires io.mtflux.store.redis;
    requires io.mtflux.store.contract;
    requires io.mtflux.codegen;
    requires io.mtflux.store.url;
    requires io.mtflux.spring.boot;
    requires reactor.core;
}
