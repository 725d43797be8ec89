package org.mailsync.msinfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

import static org.mailsync.msinfo.MsinfoProblems.damaged;
import static org.mailsync.msinfo.MsinfoProblems.failure;

/**
 * Where msinfo lives on disk and how it is opened safely: a new database is made whole beside
 * its path and moved into place, what a database that is gone left beside it is set aside, an
 * existing one is checked before it is written, and its schema is brought up to date. The
 * connections it opens are what a {@link MsinfoRepository} works on.
 */
final class MsinfoFile {

    private static final Logger LOG = LoggerFactory.getLogger(MsinfoFile.class);

    /**
     * The newest schema version in {@code db/msinfo}. Flyway (and the Jackson it brings) costs
     * about half a second of start-up, so a database already at this version skips it; a test
     * keeps this constant equal to the newest migration file.
     */
    static final String SCHEMA_VERSION = "4";

    private MsinfoFile() {
    }

    /**
     * A writable connection to the msinfo database at a path, as {@link
     * MsinfoRepository#open(Path, PrintStream, String)} describes: without the check and the
     * schema look-up when the file is exactly as {@code closedAs} (a {@link #closedStamp}) says
     * it was left, else {@linkplain #openChecked checked}, created or migrated as needed.
     *
     * @param notes    where the run's notes go (what was moved aside); {@code null}: the log
     * @param closedAs the {@link #closedStamp} of the file when it was last closed, or null
     */
    static Connection open(Path file, PrintStream notes, String closedAs) throws MsinfoException {
        if (closedAs != null && closedAs.equals(closedStamp(file))) {
            try {
                return dataSource(file, false, false).getConnection();
            } catch (SQLException | RuntimeException e) {
                throw failure("cannot open msinfo " + file, file, e);
            }
        }
        return openChecked(file, notes);
    }

    /**
     * Opens (creating with mode 0600 and migrating if needed) the msinfo database at a path,
     * moving aside the leftovers of a database that is gone and checking an existing one first
     * (see {@link MsinfoRepository#open(Path, PrintStream)}).
     */
    private static Connection openChecked(Path file, PrintStream notes) throws MsinfoException {
        try {
            boolean missing = !Files.exists(file);
            if ((missing || Files.isRegularFile(file) && Files.size(file) == 0)
                    && Files.isDirectory(file.toAbsolutePath().getParent())) {
                // an empty file is no database either (ours never is: it is made whole beside)
                setAsideLeftovers(file, missing ? "is missing" : "is empty", notes);
            }
            if (missing) {
                createAtomically(file);
            } else {
                checkAccess(file);
                verify(file, dataSource(file, true, false));
            }
            createPrivately(file);
            SQLiteDataSource dataSource = dataSource(file, false, false);
            if (!isCurrent(dataSource)) {
                migrate(dataSource);
            }
            return dataSource.getConnection();
        } catch (IOException e) {
            throw new MsinfoException("cannot open msinfo " + file + ": " + MsinfoProblems.reason(e, file), e);
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot open msinfo " + file, file, e);
        }
    }

    /** Brings a database to the newest schema of {@code db/msinfo}. */
    private static void migrate(SQLiteDataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/msinfo")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    /** Whether Flyway's history says the database is already at {@link #SCHEMA_VERSION}. */
    private static boolean isCurrent(SQLiteDataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet tables = st.executeQuery(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
            if (!tables.next() || tables.getInt(1) == 0) {
                return false;
            }
            try (ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1"
                    + " AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                return rs.next() && SCHEMA_VERSION.equals(rs.getString(1));
            }
        }
    }

    /**
     * A read-only connection to msinfo that neither creates nor changes anything (see {@link
     * MsinfoRepository#openReadOnly(Path)}); null when the file does not exist yet.
     */
    static Connection openReadOnly(Path file) throws MsinfoException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            SQLiteDataSource dataSource = dataSource(file, true, true);
            verifyUnlocked(file, dataSource);
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw failure("cannot read msinfo " + file, file, e);
        }
    }

    private static SQLiteDataSource dataSource(Path file, boolean readOnly) {
        return dataSource(file, readOnly, readOnly);
    }

    /**
     * @param immutable with {@code readOnly}: read the main file only, creating no -wal or -shm
     *                  (simulation); without it, a read-only connection that sees the WAL and
     *                  never checkpoints it into the file
     */
    private static SQLiteDataSource dataSource(Path file, boolean readOnly, boolean immutable) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds;
        if (readOnly && immutable) {
            // immutable: a reader of a WAL database would otherwise create -wal and -shm files,
            // and a simulation must leave every file as it was. Writers checkpoint on close, so
            // the main file holds the last committed state.
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1");
        } else if (readOnly) {
            config.setReadOnly(true);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        }
        return ds;
    }

    /**
     * Fails with the damaged-msinfo error unless SQLite's {@code quick_check} (every page read,
     * every b-tree walked: about 0.1 s for a 13 MB msinfo of 200,000 messages, a few ms for a
     * usual one) finds the database sound. Run on a read-only connection: one that writes would
     * fold a WAL into a damaged file on close.
     */
    private static void verify(Path file, SQLiteDataSource readOnly) throws MsinfoException {
        String problem = null;
        try (Connection c = readOnly.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            // one row "ok", or the problems found (after a "*** in database main ***" heading)
            while (rs.next()) {
                String line = String.valueOf(rs.getString(1));
                if (line.equals("ok")) {
                    break;
                }
                problem = line;
                if (!line.startsWith("***")) {
                    break;
                }
            }
        } catch (SQLException e) {
            throw failure("cannot read msinfo " + file, file, e);
        }
        if (problem != null) {
            throw damaged(file, "SQLite's check: " + problem);
        }
    }

    /**
     * {@link #verify} for a reader that holds no channel lock (simulation, diff mode): a run's
     * checkpoint may rewrite the file while an immutable connection reads it, which can look
     * like damage. Only a check of a file that stayed as it was counts.
     */
    private static void verifyUnlocked(Path file, SQLiteDataSource immutable) throws MsinfoException {
        for (int attempt = 1; ; attempt++) {
            String before = stamp(file);
            try {
                verify(file, immutable);
                return;
            } catch (MsinfoException e) {
                if (attempt == 3 || before.equals(stamp(file))) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MsinfoException("interrupted while reading msinfo " + file, e);
            }
        }
    }

    /**
     * What a file is now, to tell whether it is still as a repository left it: its identity,
     * size and modification time; null when it cannot be read or has a WAL with anything in it
     * (then someone else has it open, or left work in it).
     */
    static String closedStamp(Path file) {
        try {
            Path wal = sibling(file, "-wal");
            if (Files.exists(wal) && Files.size(wal) > 0) {
                return null;
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.fileKey() + " " + a.size() + " " + a.lastModifiedTime().toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static String stamp(Path file) {
        try {
            return Files.size(file) + "@" + Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /**
     * Files that need permissions root always has: a user's msinfo they cannot read or write
     * is named as such (SQLite would only say "unable to open database file", or open it
     * read-only and fail at the first commit).
     */
    private static void checkAccess(Path file) throws MsinfoException {
        Path dir = file.toAbsolutePath().getParent();
        String denied = !Files.isReadable(file) || !Files.isWritable(file) ? file.toString()
                : dir != null && !Files.isWritable(dir) ? "its directory " + dir : null;
        if (denied != null) {
            throw new MsinfoException("cannot open msinfo " + file + ": permission denied on " + denied + "; mailsync must be"
                    + " able to read and write it and to create " + file.getFileName() + "-wal and " + file.getFileName()
                    + "-shm beside it (or, to start afresh, move it aside: " + MsinfoProblems.FIRST_RUN + ")");
        }
    }

    /**
     * Moves aside what a database that is gone left beside its path: a non-empty {@code -wal}
     * (with its {@code -shm}) or {@code -journal} would otherwise be applied to the new
     * database. Empty ones hold nothing and are removed.
     */
    private static void setAsideLeftovers(Path file, String state, PrintStream notes) throws IOException {
        Path wal = sibling(file, "-wal");
        Path shm = sibling(file, "-shm");
        Path journal = sibling(file, "-journal");
        List<Path> aside = new ArrayList<>();
        if (Files.isRegularFile(wal) && Files.size(wal) > 0) {
            aside.add(wal);
            if (Files.exists(shm)) {
                aside.add(shm);
            }
        } else {
            Files.deleteIfExists(wal);
            Files.deleteIfExists(shm);
        }
        if (Files.isRegularFile(journal) && Files.size(journal) > 0) {
            aside.add(journal);
        } else {
            Files.deleteIfExists(journal);
        }
        if (aside.isEmpty()) {
            return;
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        List<String> moved = new ArrayList<>();
        for (Path leftover : aside) {
            Path target = sibling(leftover, ".stale-" + stamp);
            for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
                target = sibling(leftover, ".stale-" + stamp + "-" + n);
            }
            Files.move(leftover, target);
            moved.add(target.toString());
        }
        String note = "Note: msinfo " + file + " " + state + " but " + aside.stream().map(p -> p.getFileName().toString())
                .collect(Collectors.joining(" and ")) + " of a database that is gone " + (aside.size() == 1 ? "was" : "were")
                + " still beside it; moved aside unapplied to " + String.join(", ", moved)
                + "; a new state is started (a first run: copies only, no deletions)";
        if (notes != null) {
            notes.println(note);
        } else {
            LOG.warn(note);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** msinfo holds what the user has in their mailboxes: only they may read it. */
    private static void createAtomically(Path file) throws IOException, SQLException {
        Path name = file.getFileName();
        Path scratch = file.resolveSibling("." + name + ".new-" + ProcessHandle.current().pid());
        deleteWithLeftovers(scratch);
        try {
            createPrivately(scratch);
            migrate(dataSource(scratch, false));
            if (!Files.exists(file)) {
                Files.move(scratch, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            deleteWithLeftovers(scratch);
        }
    }

    /** A scratch database (of this run, or of a dead process that had our pid) and its journals. */
    private static void deleteWithLeftovers(Path scratch) throws IOException {
        Files.deleteIfExists(scratch);
        Files.deleteIfExists(sibling(scratch, "-wal"));
        Files.deleteIfExists(sibling(scratch, "-shm"));
        Files.deleteIfExists(sibling(scratch, "-journal"));
    }

    private static void createPrivately(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // an existing msinfo keeps the mode its owner gave it
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
