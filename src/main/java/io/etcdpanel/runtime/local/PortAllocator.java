package io.etcdpanel.runtime.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

import org.springframework.stereotype.Component;

/** Hands out loopback ports from the configured range, skipping those taken by members or by anyone else. */
@Component
class PortAllocator {

    private final PortRange range;

    PortAllocator(LocalRuntimeProperties properties) {
        this.range = properties.ports();
    }

    /** The lowest port in the range that no member holds and that can be bound now. */
    int next(Set<Integer> held) {
        for (int port = range.first(); port <= range.last(); port++) {
            if (!held.contains(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port left in etcdpanel.local.ports " + range
                + "; widen the range or delete clusters you no longer need");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
