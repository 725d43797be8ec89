package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.config.ConfigParser;
import org.mailsync.config.StoreConfig;
import org.mailsync.job.StoreSide;

/**
 * The format of a folder a local store creates with nothing near it to follow: an mbox file for a
 * config in the original's syntax (as c-client creates it), a Maildir for YAML; {@code format}
 * decides in both, and folders nearby still win over the default.
 */
class NewFolderFormatTest {

    @TempDir
    Path home;

    @Test
    void theOriginalsSyntaxCreatesAnMboxFileInAnEmptyDirectory() throws Exception {
        Files.createDirectories(home.resolve("Mail"));

        create("store local { pat Mail/% prefix Mail/ }\n", ".mailsync", "Mail/INBOX");

        assertThat(home.resolve("Mail/INBOX")).isRegularFile();
    }

    @Test
    void yamlCreatesAMaildirInAnEmptyDirectory() throws Exception {
        Files.createDirectories(home.resolve("Mail"));

        create("stores:\n  local: { pat: Mail/%, prefix: Mail/ }\n", "mailsync.yaml", "Mail/INBOX");

        assertThat(home.resolve("Mail/INBOX/cur")).isDirectory();
    }

    @Test
    void theFormatKeyDecidesInTheOriginalsSyntax() throws Exception {
        create("store local { pat Mail/% prefix Mail/ format maildir }\n", ".mailsync", "Mail/INBOX");

        assertThat(home.resolve("Mail/INBOX/cur")).isDirectory();
    }

    @Test
    void foldersNearbyStillWinOverTheDefault() throws Exception {
        Files.createDirectories(home.resolve("Mail/old/cur"));
        Files.createDirectories(home.resolve("Mail/old/new"));
        Files.createDirectories(home.resolve("Mail/old/tmp"));

        create("store local { pat Mail/% prefix Mail/ }\n", ".mailsync", "Mail/INBOX");

        assertThat(home.resolve("Mail/INBOX/cur")).as("a Maildir beside a Maildir").isDirectory();
    }

    @Test
    void theConfigsSyntaxNamesTheDefault() throws Exception {
        StoreConfig original = ConfigParser.parse("store local { pat Mail/% }\n", home.resolve(".mailsync"), home)
                .store("local").orElseThrow();
        StoreConfig yaml = ConfigParser.parse("stores:\n  local: { pat: Mail/% }\n", home.resolve("m.yml"), home)
                .store("local").orElseThrow();

        assertThat(original.newFolderFormat()).isEqualTo(StoreConfig.NEW_FOLDERS_ORIGINAL).isEqualTo("mbox");
        assertThat(yaml.newFolderFormat()).isEqualTo(StoreConfig.NEW_FOLDERS_DEFAULT).isEqualTo("maildir");
    }

    private void create(String config, String fileName, String folder) throws Exception {
        StoreConfig store = ConfigParser.parse(config, home.resolve(fileName), home).store("local").orElseThrow();
        StoreSide side = StoreFactory.open(store);
        try {
            side.store().createFolder(folder);
        } finally {
            side.store().close();
        }
    }
}
