package io.meshrelay.bench.load;

import io.meshrelay.srtp.SrtpKeyMaterial;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the load goes through: a relay set up per point (sessions and legs created, then
 * deleted), or nothing at all ({@link DirectTarget}, the generator's own baseline). Used from the
 * sweep's control thread only.
 */
public interface Target {
    /** Name in results and plots ({@code direct}, {@code meshrelay}, {@code meshrelay-srtp}). */
    String name();

    /**
     * Prepares {@code flows} flows whose packets must end at {@code receiver}; returns where each
     * flow sends and, for SRTP, the keys to protect and unprotect with.
     */
    Flows setup(int flows, InetSocketAddress receiver) throws Exception;

    /** Undoes {@link #setup}; must not throw for what is already gone. */
    void teardown(int flows) throws Exception;

    /**
     * Datagrams the kernel dropped at the relay's sockets of the last point (read just before
     * {@link #teardown}), or -1 where the target has no sockets of its own or cannot tell.
     */
    default long lastSocketDrops() {
        return -1;
    }

    /**
     * The flows of one point.
     *
     * @param targets      address flow i sends to
     * @param senderKeys   key flow i protects with (SRTP), or null for plain RTP
     * @param receiverKeys key flow i's packets arrive protected with (SRTP), or null
     */
    record Flows(List<InetSocketAddress> targets, List<SrtpKeyMaterial> senderKeys, List<SrtpKeyMaterial> receiverKeys) {
        public Flows {
            targets = List.copyOf(targets);
            senderKeys = senderKeys == null ? null : List.copyOf(senderKeys);
            receiverKeys = receiverKeys == null ? null : List.copyOf(receiverKeys);
            if ((senderKeys == null) != (receiverKeys == null)) {
                throw new IllegalArgumentException("SRTP needs both sender and receiver keys");
            }
            if (senderKeys != null && (senderKeys.size() != targets.size() || receiverKeys.size() != targets.size())) {
                throw new IllegalArgumentException("one SRTP key per flow and direction");
            }
        }

        public boolean srtp() {
            return senderKeys != null;
        }
    }
}
