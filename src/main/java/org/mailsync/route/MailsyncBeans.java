package org.mailsync.route;

import org.apache.camel.spi.Registry;

/**
 * Binds the beans the route set refers to by name. The {@code mailsync} component binds them
 * when it starts, unless a bean of that name is already bound (a user's replacement); Camel
 * Main, a Karaf bundle or a test may also call it. The beans are stateless and safe for use by
 * several threads at once (folder pairs run side by side), so one set serves every job; what
 * is per run or per pair travels in the exchange. {@code folderPairThreads} is the thread pool
 * the folder-pair split runs on (see {@link FolderPairThreads}).
 */
public final class MailsyncBeans {

    private MailsyncBeans() {
    }

    /** Binds every bean of the route set into a registry, leaving beans already bound under a name alone. */
    public static void bindTo(Registry registry) {
        bind(registry, "folderPairExpander", new FolderPairExpander());
        bind(registry, "folderPairTurns", new FolderPairTurns());
        bind(registry, "folderPairThreads", FolderPairThreads.newPool());
        bind(registry, "storeLeaser", new StoreLeaser());
        bind(registry, "emptiedStores", new EmptiedStores());
        bind(registry, "settledPairs", new SettledPairs());
        bind(registry, "folderPairIndexer", new FolderPairIndexer());
        bind(registry, "planMaker", new PlanMaker());
        bind(registry, "planSteps", new PlanSteps());
        bind(registry, "folderMaintainer", new FolderMaintainer());
        bind(registry, "messageCopier", new MessageCopier());
        bind(registry, "messageMover", new MessageMover());
        bind(registry, "flagChanger", new FlagChanger());
        bind(registry, "messageDeleter", new MessageDeleter());
        bind(registry, "trashPurge", new TrashPurge());
        bind(registry, "deletionUndo", new DeletionUndo());
        bind(registry, "actionFailures", new ActionFailures());
        bind(registry, "extensionPoints", new ExtensionPoints());
        bind(registry, "msinfoCommitter", new MsinfoCommitter());
        bind(registry, "syncReporter", new SyncReporter());
        bind(registry, "storeLister", new StoreLister());
        bind(registry, "storeDiffer", new StoreDiffer());
        bind(registry, "storeChecker", new StoreChecker());
        org.mailsync.migrate.MigrateBeans.bindTo(registry);
    }

    private static void bind(Registry registry, String name, Object bean) {
        if (registry.lookupByName(name) == null) {
            registry.bind(name, bean);
        }
    }
}
