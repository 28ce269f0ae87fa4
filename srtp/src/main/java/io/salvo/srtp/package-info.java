/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) for salvo's send path, at native speed and without
 * allocating per packet.
 *
 * <ul>
 *   <li>{@link io.salvo.srtp.SrtpProfile}: AES_CM_128_HMAC_SHA1_80/_32, AEAD_AES_128_GCM and
 *   AEAD_AES_256_GCM, with their SDP names and DTLS-SRTP ids.</li>
 *   <li>{@link io.salvo.srtp.SrtpKeys}: a master key and salt, from SDP security descriptions
 *   (RFC 4568), from DTLS-SRTP keying material (RFC 5764), or fresh.</li>
 *   <li>{@link io.salvo.srtp.SrtpSender} protects RTP packets given as the gathered vectors a
 *   packetizer makes (header slot + views of the frame) into one output slot, in one pass over
 *   the source; and RTCP packets. {@link io.salvo.srtp.SrtpReceiver} checks and decrypts in
 *   place, with rollover-counter estimation and replay windows, and returns a
 *   {@link io.salvo.srtp.SrtpStatus} code instead of throwing.</li>
 *   <li>{@link io.salvo.srtp.CryptoBackend}: the JDK's {@code javax.crypto} or OpenSSL's libcrypto
 *   through JNA, picked per profile by speed.</li>
 * </ul>
 *
 * <pre>{@code
 * SrtpKeys keys = SrtpKeys.random(SrtpProfile.AEAD_AES_128_GCM);
 * String offer = keys.sdpCryptoLine(1);                 // a=crypto:1 AEAD_AES_128_GCM inline:...
 * try (SrtpSender srtp = new SrtpSender(keys)) {
 *     int n = srtp.protectRtp(packet.message(), slot, 0); // slot: a direct buffer of MTU + tag
 *     send(slot, 0, n);
 * }
 * }</pre>
 *
 * <p>Session keys are derived once per master key (key derivation rate 0). Each context serves
 * one direction under one master key, for any number of SSRCs, on one thread.
 */
package io.salvo.srtp;
