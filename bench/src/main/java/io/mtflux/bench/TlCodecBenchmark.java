package io.mtflux.bench;

import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.BaseChat;
import io.mtflux.core.tl.api.BaseChatPhoto;
import io.mtflux.core.tl.api.BaseMessage;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.BaseUserProfilePhoto;
import io.mtflux.core.tl.api.Chat;
import io.mtflux.core.tl.api.Message;
import io.mtflux.core.tl.api.MessageEntity;
import io.mtflux.core.tl.api.MessageEntityBold;
import io.mtflux.core.tl.api.MessageEntityMention;
import io.mtflux.core.tl.api.MessageEntityTextUrl;
import io.mtflux.core.tl.api.PeerChat;
import io.mtflux.core.tl.api.PeerUser;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.UserStatusOnline;
import io.mtflux.core.tl.api.messages.BaseMessagesMessages;
import io.mtflux.core.tl.api.messages.MessagesMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TL encode and decode of a {@code messages.messages} with 100 messages carrying entities plus their users and
 * chats, and of a single {@code user}. MB/s = ops/s x {@code payloadBytes} (printed at setup).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class TlCodecBenchmark {

    @Param({"messages", "user"})
    public String payload;

    private Object value;
    private byte[] bytes;
    private TlWriter writer;

    @Setup(Level.Trial)
    public void setUp() {
        value = payload.equals("user") ? user(1) : messages();
        bytes = Tl.serialize((io.mtflux.core.tl.TlObject) value);
        writer = new TlWriter(bytes.length);
        System.out.println("\npayloadBytes(" + payload + ") = " + bytes.length);
    }

    static User user(long id) {
        return BaseUser.builder().id(id).accessHash(id * 7919).firstName("Ann " + id).lastName("Lee")
            .username("ann" + id).phone("1555000" + id).contact(true).premium(id % 2 == 0)
            .photo(new BaseUserProfilePhoto(false, false, id * 31, null, 2))
            .status(new UserStatusOnline(1_700_000_000)).langCode("en").build();
    }

    static MessagesMessages messages() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            List<MessageEntity> entities = List.of(new MessageEntityBold(0, 5),
                new MessageEntityMention(6, 8), new MessageEntityTextUrl(15, 10, "https://example.org/" + i));
            messages.add(BaseMessage.builder().id(10_000 + i).out(i % 3 == 0).fromId(new PeerUser(1 + i % 20))
                .peerId(i % 2 == 0 ? new PeerUser(1) : new PeerChat(500 + i % 5)).date(1_700_000_000 + i)
                .message("Hello @someone, see the link: this is message number " + i + " with some text.")
                .entities(entities).views(i * 3).forwards(i).build());
        }
        List<User> users = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            users.add(user(i));
        }
        List<Chat> chats = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chats.add(BaseChat.builder().id(500 + i).title("Group " + i)
                .photo(new BaseChatPhoto(false, 9000L + i, null, 2)).participantsCount(42).date(1_690_000_000)
                .version(1).build());
        }
        return new BaseMessagesMessages(messages, List.of(), chats, users);
    }

    @Benchmark
    public int encode() {
        writer.reset();
        ((io.mtflux.core.tl.TlObject) value).serialize(writer);
        return writer.size();
    }

    @Benchmark
    public Object decode() {
        TlReader reader = new TlReader(bytes);
        return payload.equals("user") ? User.read(reader) : MessagesMessages.read(reader);
    }
}
