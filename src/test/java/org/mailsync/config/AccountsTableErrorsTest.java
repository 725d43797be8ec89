package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way an accounts table can be wrong is reported with the table's file and line, and what is wrong. */
class AccountsTableErrorsTest {

    @TempDir
    Path home;

    Path config() {
        return home.resolve(".mailsync");
    }

    /** Parses the config with the table, expecting a failure at the file's line; returns the detail. */
    String errorAt(Path file, int line, String config, String tableName, String table) throws Exception {
        Files.writeString(home.resolve(tableName), table);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(config, config(), home));
        assertThat(e).as("expected a ConfigException for:%n%s", table).isNotNull();
        assertThat(e.location()).as(e.getMessage()).isEqualTo(new ConfigLocation(file, line));
        assertThat(e.getMessage()).isEqualTo(new ConfigLocation(file, line) + ": " + e.detail());
        return e.detail();
    }

    String csvErrorAt(int line, String table) throws Exception {
        return errorAt(home.resolve("t.csv"), line, "accounts t.csv { target maildir:/m/{account} }\n", "t.csv", table);
    }

    @Test
    void missingColumnNamesTheHeader() throws Exception {
        assertThat(csvErrorAt(2, "\n source,target\nalice,maildir:/a,maildir:/b\n"))
                .startsWith("no column \"account\" in the header (source,target)");
        assertThat(errorAt(home.resolve("t.csv"), 1, "accounts t.csv", "t.csv", "account,source\n"))
                .startsWith("no column \"target\" in the header (account,source); add it, or give every account the same"
                        + " target in the accounts block");
    }

    @Test
    void unknownOrRepeatedColumn() throws Exception {
        assertThat(csvErrorAt(1, "account,source,pascmd\n")).startsWith("unknown column \"pascmd\" in the header")
                .contains("passcmd", "schedule");
        assertThat(csvErrorAt(1, "account,source,Source\n")).isEqualTo("column \"source\" given twice in the header");
    }

    @Test
    void emptyAccount() throws Exception {
        assertThat(csvErrorAt(3, "account,source\nalice,maildir:/a\n  ,maildir:/b\n"))
                .startsWith("column \"account\" is empty: every row names its account");
    }

    @Test
    void accountThatCannotNameAChannel() throws Exception {
        assertThat(csvErrorAt(2, "account,source\n../etc,maildir:/a\n"))
                .startsWith("column \"account\": \"../etc\" cannot name a channel");
        assertThat(csvErrorAt(2, "account,source\nal ice,maildir:/a\n")).contains("\"al ice\" cannot name a channel");
    }

    @Test
    void badStoreSpecNamesColumnAndAccount() throws Exception {
        assertThat(csvErrorAt(3, "account,source\nalice,maildir:/a\nbob,imap.example.org\n"))
                .startsWith("column \"source\" of account \"bob\": \"imap.example.org\" is not a store (imap://USER@HOST");
        assertThat(csvErrorAt(2, "account,source\nbob,imaps://imap.example.org\n"))
                .contains("column \"source\" of account \"bob\"", "an IMAP store is imap://USER@HOST[:PORT][/FLAG...]");
        assertThat(csvErrorAt(2, "account,source\nbob,maildir:\n"))
                .isEqualTo("column \"source\" of account \"bob\": \"maildir:\" is not a store: a local store is maildir:PATH");
    }

    @Test
    void badDefaultSpecNamesTheConfigLine() throws Exception {
        assertThat(errorAt(config(), 3, "# accounts\naccounts t.csv {\n  target nowhere/{account}\n}\n", "t.csv",
                "account,source\nalice,maildir:/a\n"))
                .startsWith("target of account \"alice\": \"nowhere/alice\" is not a store");
    }

    @Test
    void missingSpecWithoutDefault() throws Exception {
        assertThat(errorAt(home.resolve("t.csv"), 2, "accounts t.csv", "t.csv", "account,source,target\nalice,maildir:/a,\n"))
                .isEqualTo("column \"target\" of account \"alice\" is empty, and the accounts block gives no target");
    }

    @Test
    void duplicateAccount() throws Exception {
        assertThat(csvErrorAt(4, "account,source\nalice,maildir:/a\nbob,maildir:/b\nalice,maildir:/c\n"))
                .isEqualTo("account \"alice\" given twice (first at line 2)");
    }

    @Test
    void accountThatIsAHandWrittenChannel() throws Exception {
        String handWrittenFirst = "store a { pat A }\nstore b { pat B }\nchannel alice a b { msinfo m }\n"
                + "accounts t.csv { target maildir:/m/{account} }\n";
        assertThat(errorAt(home.resolve("t.csv"), 2, handWrittenFirst, "t.csv", "account,source\nalice,maildir:/a\n"))
                .isEqualTo("name \"alice\" used twice: already a channel at " + config() + ":3");

        String tableFirst = "accounts t.csv { target maildir:/m/{account} }\n"
                + "store a { pat A }\nstore b { pat B }\nchannel alice a b { msinfo m }\n";
        assertThat(errorAt(config(), 4, tableFirst, "t.csv", "account,source\nalice,maildir:/a\n"))
                .isEqualTo("name \"alice\" used twice: already a channel at " + home.resolve("t.csv") + ":2");
    }

    @Test
    void wrongNumberOfFields() throws Exception {
        assertThat(csvErrorAt(2, "account,source\nalice,maildir:/a,extra\n"))
                .startsWith("3 fields, but the header (line 1) has 2 columns: account,source");
    }

    @Test
    void unclosedQuoteNamesTheLineItOpensOn() throws Exception {
        assertThat(csvErrorAt(3, "account,source\nalice,maildir:/a\nbob,\"maildir:/b\n\n"))
                .isEqualTo("the quote that opens field 2 is not closed");
        assertThat(csvErrorAt(2, "account,source\nalice,\"maildir:/a\"x\n"))
                .startsWith("text after the closing quote of field 2");
        assertThat(csvErrorAt(2, "account,source\nalice,maildir:/\"a\"\n")).startsWith("a quote inside field 2");
    }

    @Test
    void badValueInACellIsCheckedAsInAChannel() throws Exception {
        assertThat(csvErrorAt(3, "account,source,schedule\nalice,maildir:/a,1h\nbob,maildir:/b,often\n"))
                .startsWith("schedule \"often\" in channel \"bob\" is neither a duration");
        assertThat(csvErrorAt(2, "account,source,maxconnections\nbob,imap://bob@h,100000\n"))
                .startsWith("maxconnections \"100000\" in store \"bob:source\" is not a number");
    }

    @Test
    void twoAccountsSharingAStateFile() throws Exception {
        assertThat(csvErrorAt(3, "account,source,msinfo\nalice,maildir:/a,state.db\nbob,maildir:/b,~/state.db\n"))
                .startsWith("msinfo \"~/state.db\" of account \"bob\" is also account \"alice\"'s (line 2)");
    }

    @Test
    void msinfoDefaultWithoutAccount() throws Exception {
        assertThat(errorAt(config(), 2, "accounts t.csv {\n  msinfo state.db\n}\n", "t.csv", "account,source,target\n"))
                .startsWith("msinfo \"state.db\" in accounts \"t.csv\" does not contain {account}");
    }

    @Test
    void unknownBlockKey() throws Exception {
        assertThat(errorAt(config(), 1, "accounts t.csv { pat INBOX }", "t.csv", "account,source,target\n"))
                .startsWith("unknown key \"pat\" in accounts \"t.csv\"");
    }

    @Test
    void missingOrMisnamedTable() throws Exception {
        assertThat(errorAt(config(), 2, "\naccounts nowhere.csv", "t.csv", ""))
                .isEqualTo("cannot read accounts table " + home.resolve("nowhere.csv") + " (no such file)");
        assertThat(errorAt(config(), 1, "accounts t.txt", "t.txt", "account,source,target\n"))
                .startsWith("accounts table \"t.txt\" is neither *.csv nor *.yaml/*.yml");
        assertThat(errorAt(home.resolve("t.csv"), 0, "accounts t.csv", "t.csv", "\n# nothing\n"))
                .startsWith("no header row");
    }

    @Test
    void accountsLineSyntax() throws Exception {
        assertThat(errorAt(config(), 1, "accounts { target maildir:/m }", "t.csv", ""))
                .startsWith("accounts table file missing before \"{\"");
        assertThat(errorAt(config(), 2, "\naccounts", "t.csv", "")).startsWith("accounts table file missing after \"accounts\"");
        assertThat(errorAt(config(), 2, "store s { pat INBOX\naccounts t.csv { }", "t.csv", ""))
                .contains("\"accounts\" inside store \"s\" opened at line 1");
        assertThat(errorAt(config(), 3, "accounts t.csv {\n  target\n  schedule 1h\n}", "t.csv", ""))
                .startsWith("missing value for \"target\" in accounts \"t.csv\"");
    }

    @Test
    void yamlTableErrors() throws Exception {
        String config = "accounts t.yaml { target maildir:/m/{account} }";
        Path file = home.resolve("t.yaml");
        assertThat(errorAt(file, 1, config, "t.yaml", "account: alice\n")).startsWith("an accounts table in YAML is a list");
        assertThat(errorAt(file, 3, config, "t.yaml", "- account: alice\n  source: maildir:/a\n  sorce: maildir:/b\n"))
                .startsWith("unknown column \"sorce\"");
        assertThat(errorAt(file, 3, config, "t.yaml", "- {account: alice, source: maildir:/a}\n-\n  source: maildir:/b\n"))
                .startsWith("column \"account\" is missing");
        assertThat(errorAt(file, 1, "accounts t.yaml", "t.yaml", "- {account: alice, source: maildir:/a}\n"))
                .isEqualTo("column \"target\" of account \"alice\" is missing, and the accounts block gives no target");
        assertThat(errorAt(file, 2, config, "t.yaml", "- account: alice\n  source: {a: b}\n"))
                .startsWith("column \"source\" is a mapping");
        assertThat(errorAt(file, 3, config, "t.yaml", "- account: alice\n  source: [a\n")).startsWith("not valid YAML");
    }
}
