package io.mtflux.testkit.api;

import io.mtflux.core.store.DcEndpoint;
import java.util.List;

/** Where the cluster's DCs listen, for {@code help.getConfig}. */
public interface ClusterTopology {

    /** @return one plain-TCP endpoint per DC, with the real ports, in DC order */
    List<DcEndpoint> endpoints();

    /** @return the {@code test_mode} flag of {@code help.getConfig} */
    boolean testMode();
}
