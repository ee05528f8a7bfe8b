package io.etcdpanel.backup;

/** The panel is shutting down and starts no new backup. */
public class PanelShuttingDown extends RuntimeException {

    public PanelShuttingDown() {
        super("the panel is shutting down and starts no new backup; ask the panel that is up");
    }
}
