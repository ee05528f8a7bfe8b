package io.etcdpanel.catalogue;

import java.util.List;

/** The runtimes a spec may name, as the catalogue needs to know them to accept a spec. */
public interface RuntimeOffers {

    List<RuntimeOffer> all();
}
