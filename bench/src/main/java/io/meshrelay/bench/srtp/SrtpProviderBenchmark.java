package io.meshrelay.bench.srtp;

import io.meshrelay.srtp.ByteArrayBufferFlyweight;
import io.meshrelay.srtp.SrtpCryptoProvider;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpSuite;
import java.util.concurrent.TimeUnit;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.logging2.LoggerImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which AES provider, and whose SRTP transform: protect packets/s of a 160-byte payload for each of
 * jitsi-srtp's cipher factories (SunJCE, OpenSSL via its JNI library, BouncyCastle), once through
 * our transform (SrtpSession) and once through jitsi-srtp's own SrtpCryptoContext (pinned with
 * Aes.setFactoryClassName, so it does not time providers itself). This is the evidence behind the
 * default provider and behind writing the transform ourselves (docs/srtp.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m",
        SrtpPackets.ADD_OPENS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SrtpProviderBenchmark {

    /** Whose transform runs over the provider. */
    public enum Engine { MESHRELAY, JITSI }

    @Param({"MESHRELAY", "JITSI"})
    public Engine engine;

    @Param({"SUN_JCE", "OPENSSL", "BOUNCY_CASTLE"})
    public SrtpCryptoProvider provider;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public SrtpSuite suite;

    @Param({"160"})
    public int payload;

    private SrtpSession session;
    private SrtpCryptoContext jitsi;
    private final ByteArrayBufferFlyweight view = new ByteArrayBufferFlyweight();
    private byte[] plain;
    private byte[] work;
    private int length;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String failure = provider.selfTestFailure();
        if (failure != null) {
            throw new IllegalStateException(provider + " does not work here: " + failure);
        }
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        plain = SrtpPackets.rtp(payload, 0, 0);
        length = plain.length;
        work = new byte[length + 32];
        if (engine == Engine.MESHRELAY) {
            session = SrtpSession.sender(keys, provider, SrtpSession.DEFAULT_MAX_SSRCS);
        } else {
            Aes.setFactoryClassName(provider.jitsiFactoryClassName());
            SrtpPolicy policy = suite.isAead()
                    ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                    : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
            jitsi = new SrtpContextFactory(true, keys.masterKey(), keys.masterSalt(), policy, policy,
                    new LoggerImpl("bench")).deriveContext(SrtpPackets.SSRC, 0);
        }
    }

    @Benchmark
    public Object protect() throws Exception {
        System.arraycopy(plain, 0, work, 0, length);
        SrtpPackets.setSeq(work, 0, seq++ & 0xffff);
        if (session != null) {
            return SrtpProtectBenchmark.check(session.protectRtp(work, 0, length));
        }
        SrtpErrorStatus status = jitsi.transformPacket(view.wrap(work, 0, length));
        if (status != SrtpErrorStatus.OK) {
            throw new IllegalStateException("jitsi-srtp transform failed: " + status);
        }
        return status;
    }

}
