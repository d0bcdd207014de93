package io.mxguard.queue;

/** QueueState - a queue directory; a message's state is the directory its file is in (Postfix habit). */
public enum QueueState {
    INCOMING("incoming"), ACTIVE("active"), DEFERRED("deferred"), HOLD("hold"), CORRUPT("corrupt");

    private final String directory;

    QueueState(String directory) {
        this.directory = directory;
    }

    public String directory() {
        return directory;
    }
}
