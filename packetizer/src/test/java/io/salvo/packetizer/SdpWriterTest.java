package io.salvo.packetizer;

import static io.salvo.packetizer.Packets.concat;
import static io.salvo.packetizer.Packets.direct;
import static io.salvo.packetizer.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

class SdpWriterTest {
    @Test
    void shouldWriteSessionWithH264MediaSection() throws UnknownHostException {
        RtpStream stream = RtpStream.builder(96, 90_000).build();
        H264Packetizer packetizer = H264Packetizer.builder(stream).build();
        byte[] sets = concat(hex("00000001 6742C01FE9 00000001 68CE3C80"));
        packetizer.observeParameterSets(direct(sets, 0), 0, sets.length);

        String sdp = new SdpWriter(InetAddress.getByName("127.0.0.1")).sessionName("clip").media(packetizer, 5004)
                .write();

        assertEquals("v=0\r\n"
                + "o=- 0 0 IN IP4 127.0.0.1\r\n"
                + "s=clip\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=video 5004 RTP/AVP 96\r\n"
                + "a=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH+k=,aM48gA==\r\n",
                sdp);
    }

    @Test
    void shouldWriteIp6AddressAndLeaveOutEmptyFmtp() throws UnknownHostException {
        H265Packetizer packetizer = H265Packetizer.builder(RtpStream.builder(100, 90_000).build()).build();

        String sdp = new SdpWriter(InetAddress.getByName("::1")).media(packetizer, 6000).write();

        assertEquals("v=0\r\no=- 0 0 IN IP6 0:0:0:0:0:0:0:1\r\ns=salvo\r\nc=IN IP6 0:0:0:0:0:0:0:1\r\nt=0 0\r\n"
                + "m=video 6000 RTP/AVP 100\r\na=rtpmap:100 H265/90000\r\n", sdp);
    }

    @Test
    void shouldRejectBadPortAndMultiLineName() throws UnknownHostException {
        SdpWriter writer = new SdpWriter(InetAddress.getByName("127.0.0.1"));
        H264Packetizer packetizer = H264Packetizer.builder(RtpStream.builder(96, 90_000).build()).build();
        assertEquals("port must be 1..65535, was 0",
                assertThrows(IllegalArgumentException.class, () -> writer.media(packetizer, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.sessionName("a\r\nb=evil"));
    }

    @Test
    void shouldWriteTheRtcpPortAndCnameOfEachMediaSection() throws UnknownHostException {
        H265Packetizer video = H265Packetizer.builder(RtpStream.builder(100, 90_000).ssrc(0xCAFEL).build()).build();
        OpusPacketizer audio = OpusPacketizer.builder(RtpStream.builder(111, 48_000).ssrc(7).build()).build();

        String sdp = new SdpWriter(InetAddress.getByName("127.0.0.1")).rtcp(SdpWriter.Rtcp.NEXT_PORT)
                .cname("salvo@host").media(video, 5004).media(audio, 5006).write();

        assertEquals("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=salvo\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=video 5004 RTP/AVP 100\r\na=rtpmap:100 H265/90000\r\n"
                + "a=rtcp:5005\r\n"
                + "a=ssrc:51966 cname:salvo@host\r\n"
                + "m=audio 5006 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
                + "a=rtcp:5007\r\n"
                + "a=ssrc:7 cname:salvo@host\r\n", sdp);
    }

    @Test
    void shouldWriteAnAacSectionWithItsChannelsAndConfig() throws UnknownHostException {
        RtpStream stream = RtpStream.builder(98, 44_100).ssrc(9).build();
        AacPacketizer aac = AacPacketizer.builder(stream, AudioSpecificConfig.parse(direct(hex("1210"), 0), 0, 2)).build();

        String sdp = new SdpWriter(InetAddress.getByName("127.0.0.1")).media(aac, 5006).write();

        assertEquals("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=salvo\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 5006 RTP/AVP 98\r\n"
                + "a=rtpmap:98 MPEG4-GENERIC/44100/2\r\n"
                + "a=fmtp:98 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;"
                + "indexdeltalength=3;config=1210\r\n", sdp);
    }

    @Test
    void shouldWriteRtcpMuxAndRefuseANextPortAbove65535() throws UnknownHostException {
        H265Packetizer video = H265Packetizer.builder(RtpStream.builder(100, 90_000).build()).build();
        SdpWriter writer = new SdpWriter(InetAddress.getByName("127.0.0.1"));

        String sdp = writer.rtcp(SdpWriter.Rtcp.MUX).media(video, 65535).write();

        assertEquals("m=video 65535 RTP/AVP 100\r\na=rtpmap:100 H265/90000\r\na=rtcp-mux\r\n",
                sdp.substring(sdp.indexOf("m=")));
        assertEquals("RTP port 65535 leaves no next port for RTCP: use Rtcp.MUX or a lower port",
                assertThrows(IllegalStateException.class, () -> writer.rtcp(SdpWriter.Rtcp.NEXT_PORT).write())
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.cname("two words"));
    }

    @Test
    void shouldOfferNackPliFirAndRtxWithItsSsrcGroup() throws UnknownHostException {
        H264Packetizer video = H264Packetizer.builder(RtpStream.builder(96, 90_000).ssrc(1111).build()).build();

        String sdp = new SdpWriter(InetAddress.getByName("10.0.0.7")).rtcp(SdpWriter.Rtcp.NEXT_PORT).cname("cam@studio")
                .media(video, 5004, SdpWriter.Feedback.rtx(97, 2222)).write();

        assertEquals("m=video 5004 RTP/AVPF 96 97\r\n"
                + "a=rtpmap:97 rtx/90000\r\n"
                + "a=fmtp:97 apt=96\r\n"
                + "a=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=1\r\n"
                + "a=rtcp-fb:96 nack\r\n"
                + "a=rtcp-fb:96 nack pli\r\n"
                + "a=rtcp-fb:96 ccm fir\r\n"
                + "a=rtcp:5005\r\n"
                + "a=ssrc-group:FID 1111 2222\r\n"
                + "a=ssrc:1111 cname:cam@studio\r\n"
                + "a=ssrc:2222 cname:cam@studio\r\n", sdp.substring(sdp.indexOf("m=")));
    }

    @Test
    void shouldOfferNackWithoutRtxAndRefuseRtxOnTheMediaPayloadType() throws UnknownHostException {
        H264Packetizer video = H264Packetizer.builder(RtpStream.builder(96, 90_000).build()).build();
        SdpWriter writer = new SdpWriter(InetAddress.getByName("10.0.0.7"));

        String sdp = writer.media(video, 5004, SdpWriter.Feedback.nackOriginal()).write();

        assertEquals("m=video 5004 RTP/AVPF 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n"
                + "a=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 ccm fir\r\n",
                sdp.substring(sdp.indexOf("m=")));
        assertEquals("RTX payload type 96 is the media's own payload type", assertThrows(IllegalArgumentException.class,
                () -> writer.media(video, 5006, SdpWriter.Feedback.rtx(96, 1))).getMessage());
    }

    @Test
    void shouldWriteTheCryptoKeyOfAnSrtpStreamAndItsSecureProfile() throws UnknownHostException {
        H264Packetizer video = H264Packetizer.builder(RtpStream.builder(96, 90_000).build()).build();
        String crypto = "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

        String plain = new SdpWriter(InetAddress.getByName("10.0.0.7")).media(video, 5004, SdpWriter.Feedback.none(),
                crypto).write();
        String withFeedback = new SdpWriter(InetAddress.getByName("10.0.0.7")).media(video, 5004,
                SdpWriter.Feedback.nackOriginal(), crypto).write();

        assertEquals("m=video 5004 RTP/SAVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n"
                + "a=crypto:" + crypto + "\r\n", plain.substring(plain.indexOf("m=")));
        assertTrue(withFeedback.contains("m=video 5004 RTP/SAVPF 96\r\n"), withFeedback);
        assertThrows(IllegalArgumentException.class, () -> new SdpWriter(InetAddress.getByName("10.0.0.7"))
                .media(video, 5004, SdpWriter.Feedback.none(), "1 X inline:a\r\nb=evil"));
    }
}
