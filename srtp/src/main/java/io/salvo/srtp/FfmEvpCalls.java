package io.salvo.srtp;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;

/**
 * The {@link EvpCalls} through the JDK's foreign function API (java.lang.foreign, final in Java
 * 22), reached by reflection once, so that this class compiles for Java 17 and is loaded only on
 * Java 22 and later. Each call is a downcall {@link MethodHandle} held in a static final field and
 * called with {@code invokeExact}, which the JIT compiles to a direct call: no reflection, boxing
 * or allocation per call. The functions are the ones JNA bound ({@link LibCrypto#LIBRARY}, by
 * address), so both bindings use one library. The handles are critical downcalls
 * ({@code Linker.Option.critical(false)}: no thread-state transition, as the calls are short, never
 * block and never call back), which needs native access enabled like JNA does
 * ({@code --enable-native-access=ALL-UNNAMED}, or {@code Enable-Native-Access} in the jar's manifest);
 * without it the JDK prints a warning and goes on.
 */
final class FfmEvpCalls implements EvpCalls {
    static final FfmEvpCalls INSTANCE = new FfmEvpCalls();

    private static final MethodHandle ENCRYPT_INIT;
    private static final MethodHandle ENCRYPT_UPDATE;
    private static final MethodHandle ENCRYPT_FINAL;
    private static final MethodHandle DECRYPT_INIT;
    private static final MethodHandle DECRYPT_UPDATE;
    private static final MethodHandle DECRYPT_FINAL;
    private static final MethodHandle CIPHER_CTRL;

    static {
        try {
            Downcalls downcalls = new Downcalls();
            ENCRYPT_INIT = downcalls.handle("EVP_EncryptInit_ex", 'I', "JJJJJ");
            ENCRYPT_UPDATE = downcalls.handle("EVP_EncryptUpdate", 'I', "JJJJI");
            ENCRYPT_FINAL = downcalls.handle("EVP_EncryptFinal_ex", 'I', "JJJ");
            DECRYPT_INIT = downcalls.handle("EVP_DecryptInit_ex", 'I', "JJJJJ");
            DECRYPT_UPDATE = downcalls.handle("EVP_DecryptUpdate", 'I', "JJJJI");
            DECRYPT_FINAL = downcalls.handle("EVP_DecryptFinal_ex", 'I', "JJJ");
            CIPHER_CTRL = downcalls.handle("EVP_CIPHER_CTX_ctrl", 'I', "JIIJ");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.lang.foreign is not as expected: " + e, e);
        }
    }

    private FfmEvpCalls() {
    }

    @Override
    public int encryptInit(long ctx, long cipher, long engine, long key, long iv) {
        try {
            return (int) ENCRYPT_INIT.invokeExact(ctx, cipher, engine, key, iv);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int encryptUpdate(long ctx, long out, long outLength, long in, int inLength) {
        try {
            return (int) ENCRYPT_UPDATE.invokeExact(ctx, out, outLength, in, inLength);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int encryptFinal(long ctx, long out, long outLength) {
        try {
            return (int) ENCRYPT_FINAL.invokeExact(ctx, out, outLength);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int decryptInit(long ctx, long cipher, long engine, long key, long iv) {
        try {
            return (int) DECRYPT_INIT.invokeExact(ctx, cipher, engine, key, iv);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int decryptUpdate(long ctx, long out, long outLength, long in, int inLength) {
        try {
            return (int) DECRYPT_UPDATE.invokeExact(ctx, out, outLength, in, inLength);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int decryptFinal(long ctx, long out, long outLength) {
        try {
            return (int) DECRYPT_FINAL.invokeExact(ctx, out, outLength);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int cipherCtrl(long ctx, int type, int arg, long ptr) {
        try {
            return (int) CIPHER_CTRL.invokeExact(ctx, type, arg, ptr);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public String binding() {
        return "the foreign function API";
    }

    /** A downcall cannot throw a checked exception: anything caught is an error or unchecked. */
    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("libcrypto downcall failed", e);
    }

    /** Builds downcall handles by reflection on java.lang.foreign. */
    private static final class Downcalls {
        private final Object linker;
        private final Method downcallHandle;
        private final Method ofAddress;
        private final Method functionDescriptorOf;
        private final Object longLayout;
        private final Object intLayout;
        private final Class<?> layoutClass;
        private final Object options;
        private final NativeLibrary library = NativeLibrary.getInstance(LibCrypto.LIBRARY);

        Downcalls() throws ReflectiveOperationException {
            Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
            Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> valueLayoutClass = Class.forName("java.lang.foreign.ValueLayout");
            layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
            linker = linkerClass.getMethod("nativeLinker").invoke(null);
            Class<?> optionArray = Array.newInstance(optionClass, 0).getClass();
            downcallHandle = linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass, optionArray);
            ofAddress = segmentClass.getMethod("ofAddress", long.class);
            functionDescriptorOf = descriptorClass.getMethod("of", layoutClass, Array.newInstance(layoutClass, 0).getClass());
            longLayout = valueLayoutClass.getField("JAVA_LONG").get(null);
            intLayout = valueLayoutClass.getField("JAVA_INT").get(null);
            options = Array.newInstance(optionClass, 1);
            Array.set(options, 0, optionClass.getMethod("critical", boolean.class).invoke(null, false));
        }

        /** A handle of type ({@code arguments}){@code result}, J for long and I for int. */
        MethodHandle handle(String function, char result, String arguments) throws ReflectiveOperationException {
            long address = Pointer.nativeValue(library.getFunction(function));
            Object segment = ofAddress.invoke(null, address);
            Object argumentLayouts = Array.newInstance(layoutClass, arguments.length());
            for (int i = 0; i < arguments.length(); i++) {
                Array.set(argumentLayouts, i, layout(arguments.charAt(i)));
            }
            Object descriptor = functionDescriptorOf.invoke(null, layout(result), argumentLayouts);
            return (MethodHandle) downcallHandle.invoke(linker, segment, descriptor, options);
        }

        private Object layout(char type) {
            return type == 'J' ? longLayout : intLayout;
        }
    }
}
