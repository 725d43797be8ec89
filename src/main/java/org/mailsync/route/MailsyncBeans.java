package org.mailsync.route;

import org.apache.camel.spi.Registry;

/**
 * Binds the beans the route set refers to by name. Camel Main, a Karaf blueprint or a test
 * calls it once; the beans are stateless, so one set serves every job.
 */
public final class MailsyncBeans {

    private MailsyncBeans() {
    }

    /** Binds every bean of the route set into a registry. */
    public static void bindTo(Registry registry) {
        registry.bind("folderPairExpander", new FolderPairExpander());
        registry.bind("folderPairIndexer", new FolderPairIndexer());
        registry.bind("planMaker", new PlanMaker());
        registry.bind("planSteps", new PlanSteps());
        registry.bind("folderMaintainer", new FolderMaintainer());
        registry.bind("messageCopier", new MessageCopier());
        registry.bind("messageDeleter", new MessageDeleter());
        registry.bind("msinfoCommitter", new MsinfoCommitter());
        registry.bind("syncReporter", new SyncReporter());
        registry.bind("storeLister", new StoreLister());
        registry.bind("storeDiffer", new StoreDiffer());
    }
}
