package io.meshrelay.srtp;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles on the JDK's intrinsified GCM building blocks in {@code com.sun.crypto.provider}
 * ({@code GHASH.processBlocks}, {@code CounterMode}) and whether this JVM may use them; decided
 * once per process and logged in one line. Immutable after class initialisation; any thread.
 *
 * <p>Why: the JDK's own AES/GCM is fast (CLMUL and AES-NI/VAES stubs) but {@code Cipher.init} per
 * packet allocates ~900 B; our transform keeps its keys and scratch per session and needs only
 * the two stubs. C2 intrinsifies a call made through a {@code static final} MethodHandle like a
 * direct call, so these handles reach the stubs at full speed.
 *
 * <p>Needs {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} (meshrelay.jar and
 * benchmarks.jar carry it as {@code Add-Opens} in their manifests, tests in their argLine).
 * Without it, or when the VM would not use the stubs (then the JDK's Java fallbacks are 4-8x
 * slower than ours), or when a known-answer self test fails (a JDK whose internals changed),
 * {@link TableGhash} and {@link EcbGctr} are used instead.
 */
final class JdkGcmIntrinsics {
    private static final Logger LOG = LoggerFactory.getLogger(JdkGcmIntrinsics.class);
    private static final String PACKAGE = "com.sun.crypto.provider";
    static final String ADD_OPENS = "--add-opens java.base/" + PACKAGE + "=ALL-UNNAMED";

    /** {@code static void GHASH.processBlocks(byte[] data, int off, int blocks, long[] state, long[] subkeyTable)}. */
    static final MethodHandle GHASH_PROCESS_BLOCKS;
    /** {@code void CounterMode.reset()}: counter = the IV array given to init, no keystream left over. */
    static final MethodHandle CTR_RESET;
    /** {@code int CounterMode.encrypt(byte[] in, int inOff, int len, byte[] out, int outOff)}, bounds-checked. */
    static final MethodHandle CTR_ENCRYPT;
    private static final MethodHandle GHASH_NEW;
    private static final MethodHandle GHASH_STATE;
    private static final MethodHandle GHASH_SUBKEY_TABLE;
    private static final MethodHandle AES_NEW;
    private static final MethodHandle CTR_NEW;
    private static final MethodHandle CTR_INIT;
    /** Null if the handles were found, else why not. */
    private static final String LOOKUP_FAILURE;
    /** Null if {@link JdkGhash} is used, else why not. */
    private static final String GHASH_UNAVAILABLE;
    /** Null if {@link JdkGctr} is used (with SunJCE), else why not. */
    private static final String CTR_UNAVAILABLE;

    static {
        MethodHandle processBlocks = null;
        MethodHandle reset = null;
        MethodHandle encrypt = null;
        MethodHandle ghashNew = null;
        MethodHandle ghashState = null;
        MethodHandle ghashTable = null;
        MethodHandle aesNew = null;
        MethodHandle ctrNew = null;
        MethodHandle ctrInit = null;
        String lookupFailure = null;
        try {
            Class<?> ghash = Class.forName(PACKAGE + ".GHASH");
            Class<?> counterMode = Class.forName(PACKAGE + ".CounterMode");
            Class<?> aesCrypt = Class.forName(PACKAGE + ".AESCrypt");
            Class<?> symmetricCipher = Class.forName(PACKAGE + ".SymmetricCipher");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ghash, MethodHandles.lookup());
            processBlocks = lookup.findStatic(ghash, "processBlocks",
                    MethodType.methodType(void.class, byte[].class, int.class, int.class, long[].class, long[].class));
            ghashNew = lookup.findConstructor(ghash, MethodType.methodType(void.class, byte[].class))
                    .asType(MethodType.methodType(Object.class, byte[].class));
            ghashState = lookup.findGetter(ghash, "state", long[].class)
                    .asType(MethodType.methodType(long[].class, Object.class));
            ghashTable = lookup.findGetter(ghash, "subkeyHtbl", long[].class)
                    .asType(MethodType.methodType(long[].class, Object.class));
            aesNew = lookup.findConstructor(aesCrypt, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            ctrNew = lookup.findConstructor(counterMode, MethodType.methodType(void.class, symmetricCipher))
                    .asType(MethodType.methodType(Object.class, Object.class));
            ctrInit = lookup.findVirtual(counterMode, "init",
                            MethodType.methodType(void.class, boolean.class, String.class, byte[].class, byte[].class))
                    .asType(MethodType.methodType(void.class, Object.class, boolean.class, String.class, byte[].class,
                            byte[].class));
            reset = lookup.findVirtual(counterMode, "reset", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            encrypt = lookup.findVirtual(counterMode, "encrypt",
                            MethodType.methodType(int.class, byte[].class, int.class, int.class, byte[].class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class,
                            byte[].class, int.class));
        } catch (IllegalAccessException e) {
            lookupFailure = "java.base does not open " + PACKAGE + " to us";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            lookupFailure = "this JDK's " + PACKAGE + " differs (" + e + ")";
        }
        GHASH_PROCESS_BLOCKS = processBlocks;
        CTR_RESET = reset;
        CTR_ENCRYPT = encrypt;
        GHASH_NEW = ghashNew;
        GHASH_STATE = ghashState;
        GHASH_SUBKEY_TABLE = ghashTable;
        AES_NEW = aesNew;
        CTR_NEW = ctrNew;
        CTR_INIT = ctrInit;
        LOOKUP_FAILURE = lookupFailure;
        // The self tests below run JdkGhash and JdkGctr, which read the handles assigned above.
        GHASH_UNAVAILABLE = firstFailure(lookupFailure, vmVeto("UseGHASHIntrinsics", "UseCLMUL"),
                lookupFailure == null ? ghashSelfTestFailure() : null);
        CTR_UNAVAILABLE = firstFailure(lookupFailure, vmVeto("UseAESCTRIntrinsics", "UseAES"),
                lookupFailure == null ? ctrSelfTestFailure() : null);
        log();
    }

    private JdkGcmIntrinsics() {
    }

    /** Null if GHASH runs on the JDK's intrinsic in this JVM, else why not. */
    static String ghashUnavailable() {
        return GHASH_UNAVAILABLE;
    }

    /** Null if GCTR runs on the JDK's AES-CTR intrinsic in this JVM (SunJCE provider), else why not. */
    static String ctrUnavailable() {
        return CTR_UNAVAILABLE;
    }

    /** Null if the JDK classes could be reached (the --add-opens is in place), else why not. */
    static String lookupFailure() {
        return LOOKUP_FAILURE;
    }

    /** A JDK GHASH for hash key h; {@link JdkGhash} borrows its state and subkey table. */
    static Object newGhash(byte[] h) {
        requireHandles();
        try {
            return (Object) GHASH_NEW.invokeExact(h.clone());
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create the JDK's GHASH", t);
        }
    }

    static long[] ghashState(Object jdkGhash) {
        try {
            return (long[]) GHASH_STATE.invokeExact(jdkGhash);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the JDK GHASH state", t);
        }
    }

    static long[] ghashSubkeyTable(Object jdkGhash) {
        try {
            return (long[]) GHASH_SUBKEY_TABLE.invokeExact(jdkGhash);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the JDK GHASH subkey table", t);
        }
    }

    /** A JDK CounterMode over AES with this key that keeps {@code iv} (16 bytes) as its reset point. */
    static Object newCounterMode(byte[] key, byte[] iv) {
        requireHandles();
        try {
            Object counterMode = (Object) CTR_NEW.invokeExact((Object) AES_NEW.invokeExact());
            CTR_INIT.invokeExact(counterMode, false, "AES", key.clone(), iv);
            return counterMode;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create the JDK's AES CounterMode", t);
        }
    }

    private static void requireHandles() {
        if (LOOKUP_FAILURE != null) {
            throw new IllegalStateException("JDK GCM intrinsics unavailable: " + LOOKUP_FAILURE);
        }
    }

    // ---- whether the VM compiles these calls into its stubs -------------------------------------

    /**
     * Null if HotSpot's C2 will replace the JDK method with its stub, else why not. The diagnostic
     * flag can be read only when diagnostic options are unlocked, which is also the only way to
     * change it: while locked it keeps its default, which x86's VM_Version derives from the product
     * flag given here (UseCLMUL for GHASH, UseAES for AES-CTR).
     */
    static String vmVeto(String diagnosticFlag, String x86ProductFlag) {
        VmFlags vm;
        try {
            vm = VmFlags.read();
        } catch (RuntimeException | LinkageError e) {
            return "cannot read the VM's flags (" + e + ")";
        }
        if (vm == null) {
            return "not a HotSpot VM";
        }
        if (!"true".equals(vm.get("UseCompiler"))) {
            return "no JIT compiler (-Xint)";
        }
        String stopAtLevel = vm.get("TieredStopAtLevel");
        if ("true".equals(vm.get("TieredCompilation")) && stopAtLevel != null && Integer.parseInt(stopAtLevel) < 4) {
            return "C2 is off (-XX:TieredStopAtLevel=" + stopAtLevel + ")";
        }
        String diagnostic = vm.get(diagnosticFlag);
        if (diagnostic != null) {
            return "true".equals(diagnostic) ? null : "-XX:-" + diagnosticFlag;
        }
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return "cannot confirm " + diagnosticFlag + " on " + arch + " (readable with -XX:+UnlockDiagnosticVMOptions)";
        }
        String product = vm.get(x86ProductFlag);
        if (product != null && !"true".equals(product)) {
            return "-XX:-" + x86ProductFlag;
        }
        String sse = vm.get("UseSSE");
        if (sse != null && Integer.parseInt(sse) < 3) {
            return "-XX:UseSSE=" + sse;
        }
        return null;
    }

    /**
     * HotSpot's flags; a class of its own so that a runtime without the jdk.management module
     * fails here with a LinkageError we catch, not when JdkGcmIntrinsics is verified.
     */
    private static final class VmFlags {
        private final HotSpotDiagnosticMXBean bean;

        private VmFlags(HotSpotDiagnosticMXBean bean) {
            this.bean = bean;
        }

        /** Null if this is not HotSpot. */
        static VmFlags read() {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return bean == null ? null : new VmFlags(bean);
        }

        /** The flag's value, or null if it does not exist here or is a locked diagnostic flag. */
        String get(String name) {
            try {
                return bean.getVMOption(name).getValue();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    // ---- known-answer self tests: this JDK's internals still behave as we rely on --------------

    /** Null if JdkGhash equals TableGhash over a few keys, AAD and text lengths, else the difference. */
    static String ghashSelfTestFailure() {
        try {
            SplittableRandom random = new SplittableRandom(7714);
            byte[] h = new byte[16];
            byte[] data = new byte[200];
            byte[] expected = new byte[16];
            byte[] actual = new byte[16];
            for (int round = 0; round < 4; round++) {
                random.nextBytes(h);
                random.nextBytes(data);
                Ghash reference = new TableGhash(h);
                Ghash jdk = new JdkGhash(h);
                for (int[] lengths : new int[][] {{12, 0}, {12, 1}, {12, 16}, {20, 47}, {0, 160}, {28, 172}}) {
                    for (Ghash g : new Ghash[] {reference, jdk}) {
                        g.reset();
                        g.update(data, 0, lengths[0]);
                        g.pad();
                        g.update(data, lengths[0], lengths[1]);
                        g.finish(lengths[0], lengths[1], g == jdk ? actual : expected, 0);
                    }
                    if (!Arrays.equals(expected, actual)) {
                        return "GHASH self test failed for AAD " + lengths[0] + " B, text " + lengths[1] + " B";
                    }
                }
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "GHASH self test failed: " + e;
        }
    }

    /** Null if JdkGctr equals the JDK's AES/CTR Cipher for both key sizes and a few lengths, else the difference. */
    static String ctrSelfTestFailure() {
        try {
            SplittableRandom random = new SplittableRandom(3711);
            byte[] iv = new byte[16];
            byte[] counterBlock = new byte[16];
            for (int keyLength : new int[] {16, 32}) {
                byte[] key = new byte[keyLength];
                random.nextBytes(key);
                JdkGctr gctr = new JdkGctr(key);
                Cipher reference = Cipher.getInstance("AES/CTR/NoPadding", "SunJCE");
                for (int len : new int[] {0, 1, 16, 17, 160, 1232}) {
                    for (int firstCounter = 1; firstCounter <= 2; firstCounter++) {
                        random.nextBytes(iv);
                        Arrays.fill(iv, 12, 16, (byte) 0);
                        byte[] data = new byte[len + 3];
                        random.nextBytes(data);
                        System.arraycopy(iv, 0, counterBlock, 0, 16);
                        counterBlock[15] = (byte) firstCounter;
                        reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counterBlock));
                        byte[] expected = data.clone();
                        reference.doFinal(data, 3, len, expected, 3);
                        gctr.xor(iv, firstCounter, data, 3, len);
                        if (!Arrays.equals(expected, data)) {
                            return "AES-CTR self test failed for a " + keyLength * 8 + "-bit key, " + len + " B";
                        }
                    }
                }
            }
            return null;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            return "AES-CTR self test failed: " + e;
        }
    }

    private static String firstFailure(String... reasons) {
        for (String reason : reasons) {
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static void log() {
        if (GHASH_UNAVAILABLE == null && CTR_UNAVAILABLE == null) {
            LOG.info("SRTP AES-GCM: JDK intrinsics for GHASH and AES-CTR ({})", PACKAGE);
            return;
        }
        String ghash = GHASH_UNAVAILABLE == null ? "JDK intrinsic GHASH"
                : "pure-Java GHASH (~10x slower; JDK intrinsic unusable: " + GHASH_UNAVAILABLE + ")";
        String ctr = CTR_UNAVAILABLE == null ? "JDK intrinsic AES-CTR"
                : "AES/ECB keystream (JDK AES-CTR intrinsic unusable: " + CTR_UNAVAILABLE + ")";
        String hint = LOOKUP_FAILURE != null ? "; start the JVM with " + ADD_OPENS : "";
        LOG.warn("SRTP AES-GCM: {}, {}{}", ghash, ctr, hint);
    }
}
