/**
 * The receiving side of the {@code salvo} command line: {@link io.salvo.demo.receive.RtpReceiver}
 * listens on a UDP port and counts RTP streams by SSRC (loss, reordering, duplicates, RFC 3550
 * interarrival jitter, bitrate), and takes part in RTCP as a receiver (reads SRs, SDES and BYE,
 * sends receiver reports, see {@link io.salvo.demo.receive.RtcpOptions});
 * {@link io.salvo.demo.receive.ReceiveCommand} is {@code salvo receive};
 * {@link io.salvo.demo.receive.ReceiveReport} turns a snapshot into text or JSON.
 */
package io.salvo.demo.receive;
