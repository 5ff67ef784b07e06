package com.example.modular;

import io.mtflux.accounts.AccountManager;
import io.mtflux.auth.LoginFlows;
import io.mtflux.codegen.TlSchemaParser;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.mtproto.ReqPqMulti;
import io.mtflux.store.contract.SessionStoreContract;
import io.mtflux.store.file.FileSessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.spring.boot.MtfluxAutoConfiguration;
import io.mtflux.store.redis.RedisSessionStore;
import io.mtflux.store.url.SessionStores;
import io.mtflux.testkit.Testkit;
import io.mtflux.transport.MtprotoTransport;
import io.mtflux.web.Console;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs as a named module: each mtflux class it uses must come from the module its jar's manifest names (an
 * unnamed or misnamed jar fails the compile of module-info.java, or this check), and the generated TL code must
 * work across module boundaries.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (!Main.class.getModule().isNamed()) {
            throw new IllegalStateException("not run as a module");
        }
        Map<Class<?>, String> expected = new LinkedHashMap<>();
        expected.put(MtprotoTransport.class, "io.mtflux.transport");
        expected.put(MtprotoClient.class, "io.mtflux.core");
        expected.put(LoginFlows.class, "io.mtflux.auth");
        expected.put(AccountManager.class, "io.mtflux.accounts");
        expected.put(Console.class, "io.mtflux.web");
        expected.put(Testkit.class, "io.mtflux.testkit");
        expected.put(FileSessionStore.class, "io.mtflux.store.file");
        expected.put(R2dbcSessionStore.class, "io.mtflux.store.r2dbc");
        expected.put(RedisSessionStore.class, "io.mtflux.store.redis");
        expected.put(SessionStoreContract.class, "io.mtflux.store.contract");
        expected.put(TlSchemaParser.class, "io.mtflux.codegen");
        expected.put(SessionStores.class, "io.mtflux.store.url");
        expected.put(MtfluxAutoConfiguration.class, "io.mtflux.spring.boot");
        expected.forEach((type, name) -> {
            String actual = type.getModule().getName();
            if (!name.equals(actual)) {
                throw new IllegalStateException(type.getName() + " is in module " + actual + ", expected " + name);
            }
            System.out.println(type.getSimpleName() + " in module " + actual);
        });
        byte[] bytes = Tl.serialize(new ReqPqMulti(new byte[16]));
        if (!(Tl.deserialize(bytes) instanceof ReqPqMulti)) {
            throw new IllegalStateException("TL round trip failed on the module path");
        }
        System.out.println("mtflux consumer: ok");
    }
}
