package org.mailsync.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * The {@code -h} section listing mailsync's modes, one command form per row with its meaning
 * beside it. Rendered as a two-column table rather than as description lines, so that a meaning
 * too long for the terminal wraps under its own column, as option descriptions do, instead of
 * back to the left margin.
 */
final class ModesHelpSection implements IHelpSectionRenderer {

    /** The section's key among picocli's help sections. */
    static final String KEY = "modes";

    private static final Map<String, String> MODES = new LinkedHashMap<>();

    static {
        MODES.put("mailsync [options] CHANNEL", "sync the two stores of the channel");
        MODES.put("mailsync [options] STORE", "list the store's folders (-m: its messages too)");
        MODES.put("mailsync [options] CHANNEL STORE", "show what changed in STORE since the channel's last sync");
        MODES.put("mailsync undo [-s] CHANNEL", "restore what the channel's last sync deleted (from its trash)");
        MODES.put("mailsync check STORE|CHANNEL", "report faults, duplicates and stale state of the folders; changes nothing");
        MODES.put("mailsync migrate SOURCE TARGET", "copy every folder one way, resumable and verified; reads the source only");
        MODES.put("mailsync daemon", "sync every channel with a schedule, until stopped");
    }

    /** Adds the section to a command line's help, right after the description. */
    static void install(CommandLine cli) {
        cli.getHelpSectionMap().put(KEY, new ModesHelpSection());
        List<String> keys = new ArrayList<>(cli.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION) + 1, KEY);
        cli.setHelpSectionKeys(keys);
    }

    @Override
    public String render(Help help) {
        // blank lines around the table set it apart from the description and the options
        return System.lineSeparator() + help.createTextTable(MODES) + System.lineSeparator();
    }
}
