package io.meshrelay.relaycore.trunk;

/**
 * Receives the answers to this node's link probes. Called on an I/O thread: record and return,
 * never block.
 */
public interface ProbeListener {
    /**
     * @param peer        node that answered
     * @param seq         the probe's sequence number
     * @param sentNs      our send time ({@link System#nanoTime()})
     * @param peerRxNs    when the peer received it, on the peer's clock (only differences are meaningful)
     * @param receivedNs  our receive time of the answer
     * @param size        bytes of the probe frame
     * @param trainId     packet train this probe belongs to (0: a plain echo)
     * @param trainIndex  position in the train
     * @param trainLength packets in the train
     */
    void onReply(int peer, long seq, long sentNs, long peerRxNs, long receivedNs, int size, int trainId,
            int trainIndex, int trainLength);

    ProbeListener NONE = (peer, seq, sentNs, peerRxNs, receivedNs, size, trainId, trainIndex, trainLength) -> { };
}
