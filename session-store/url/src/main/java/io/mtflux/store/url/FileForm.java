package io.mtflux.store.url;

import io.mtflux.store.file.FileSessionStore;
import java.nio.file.Path;
import reactor.core.publisher.Mono;

/** The path forms; loaded only when {@code mtflux-session-store-file} is present. */
final class FileForm {
    private FileForm() {
    }

    static OpenedSessionStore open(Path path, boolean directory, StoreSecrets secrets) {
        FileSessionStore.Builder b = directory ? FileSessionStore.directory(path) : FileSessionStore.file(path);
        secrets.passphrase().ifPresent(b::passphrase);
        return new OpenedSessionStore(b.build(), directory ? StoreForm.DIRECTORY : StoreForm.FILE, path.toString(),
            Mono::empty);
    }
}
