package org.mailsync.trash;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.FolderFormat;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.IndexedMessage;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/** A local store (Maildir unless told) with an INBOX of messages and a local trash beside it, for the trash's unit tests. */
final class TrashFixture {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    final LocalStore store;
    final LocalTrash trash;

    TrashFixture(Path dir, String... ids) throws StoreException {
        this(dir, new MaildirFormat(), ids);
    }

    TrashFixture(Path dir, FolderFormat format, String... ids) throws StoreException {
        this(new LocalStore("laptop", dir.resolve("Mail"), List.of(format), format), dir, ids);
    }

    /** @param store a store on {@code dir/Mail} */
    TrashFixture(LocalStore store, Path dir, String... ids) throws StoreException {
        this.store = store;
        trash = new LocalTrash(LocalTrash.beside(dir.resolve(".msinfo"), "laptop"));
        store.createFolder("INBOX");
        for (String id : ids) {
            String text = "From: a@example.org\nSubject: " + id + "\nMessage-ID: <" + id + "@x>\n\nbody " + id + "\n";
            store.append("INBOX", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), Set.of(Flag.SEEN),
                    Set.of("$Label1"), T0.minusSeconds(3600));
        }
    }

    /** The channel's trash with side A here, read at {@code now}, keeping deletions {@code days} days. */
    ChannelTrash channelTrash(Instant now, int days) {
        return ChannelTrash.forRun(Clock.fixed(now, ZoneOffset.UTC), days, trash, null, false, true);
    }

    /** DELETE actions on side A for every message of INBOX. */
    List<SyncAction> deleteAll() throws StoreException {
        List<SyncAction> out = new ArrayList<>();
        for (MessageMeta m : store.index("INBOX")) {
            String subject = new String(m.header(), StandardCharsets.US_ASCII).replaceAll("(?s).*Subject: (\\S+).*", "$1");
            out.add(new SyncAction(ActionType.DELETE, Side.A, new IndexedMessage("<" + subject + "@x>", m, null)));
        }
        return out;
    }

    int inFolder() throws StoreException {
        return store.index("INBOX").size();
    }

    int inTrash() throws StoreException {
        return trash.store(store).exists("INBOX") ? trash.store(store).index("INBOX").size() : 0;
    }
}
