#!/usr/bin/python3
"""GStreamer's srtpdec receiving SRTP H.264 and SRTCP, for salvo's tests.

SRTP arrives on --port and SRTCP on --port + 1, both keyed through the caps of their udpsrc
(srtp-key = master key || master salt, srtp-cipher/srtcp-cipher as --cipher, the auth fields
null for AES-GCM, whose tag comes from the cipher, or as --auth for AES-CM), for the stream of
--ssrc. The decrypted RTP goes through rtpjitterbuffer, rtph264depay and avdec_h264; each decoded
frame, converted to I420, has its MD5 written to --out, one line each, the way
`ffmpeg -f framemd5 -pix_fmt yuv420p` hashes it. The decrypted RTCP is counted. --idle seconds
after the last packet the pipeline is sent EOS (the decoder gives up what it holds) and the script
prints one JSON line: frames, RTCP packets decrypted, and srtpdec's counts.
"""
import argparse
import faulthandler
import hashlib
import json
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ssrc", type=int, required=True)
    parser.add_argument("--key-hex", required=True, help="master key || master salt, in hex")
    parser.add_argument("--cipher", required=True, help="aes-128-icm, aes-128-gcm, aes-256-gcm")
    parser.add_argument("--auth", default="null", help="hmac-sha1-80, hmac-sha1-32; null for GCM")
    parser.add_argument("--rtcp-auth", default=None, help="SRTCP's auth (default: --auth)")
    parser.add_argument("--pt", type=int, default=96)
    parser.add_argument("--idle", type=float, default=2.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    faulthandler.enable()  # a crash in GStreamer prints where, instead of ending silently
    Gst.init(None)

    keying = ("ssrc=(uint)%d, srtp-key=(buffer)%s, srtp-cipher=(string)%s, srtp-auth=(string)%s, "
              "srtcp-cipher=(string)%s, srtcp-auth=(string)%s, roc=(uint)0"
              % (args.ssrc, args.key_hex, args.cipher, args.auth, args.cipher, args.rtcp_auth or args.auth))
    pipeline = Gst.parse_launch(
        'udpsrc name=rtp port=%d buffer-size=8388608 timeout=%d '
        'caps="application/x-srtp, media=(string)video, clock-rate=(int)90000, encoding-name=(string)H264, '
        'payload=(int)%d, %s" ! dec.rtp_sink '
        'udpsrc name=rtcp port=%d caps="application/x-srtcp, %s" ! dec.rtcp_sink '
        'srtpdec name=dec '
        'dec.rtp_src ! rtpjitterbuffer ! rtph264depay ! avdec_h264 ! videoconvert ! video/x-raw,format=I420 ! '
        'appsink name=sink emit-signals=true sync=false '
        'dec.rtcp_src ! fakesink name=rtcp-out signal-handoffs=true sync=false async=false'
        % (args.port, int(args.idle * Gst.SECOND), args.pt, keying, args.port + 1, keying))
    state = {"frames": 0, "rtcp": 0}
    out = open(args.out, "w")

    def new_sample(appsink):
        sample = appsink.emit("pull-sample")
        buffer = sample.get_buffer()
        ok, info = buffer.map(Gst.MapFlags.READ)
        if ok:
            out.write(hashlib.md5(info.data).hexdigest() + "\n")
            buffer.unmap(info)
        state["frames"] += 1
        return Gst.FlowReturn.OK

    def rtcp_handoff(_sink, _buffer, _pad):
        state["rtcp"] += 1

    pipeline.get_by_name("sink").connect("new-sample", new_sample)
    pipeline.get_by_name("rtcp-out").connect("handoff", rtcp_handoff)
    loop = GLib.MainLoop()
    ending = {"eos-sent": False}

    def on_message(_bus, message):
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            print("error: %s %s" % (error, debug), file=sys.stderr)
            loop.quit()
        elif message.type == Gst.MessageType.EOS:
            loop.quit()
        elif message.type == Gst.MessageType.ELEMENT and message.get_structure().get_name() == "GstUDPSrcTimeout":
            if state["frames"] > 0 and not ending["eos-sent"]:
                ending["eos-sent"] = True
                # EOS through the whole pipeline: the RTCP branch must end too before the EOS message comes
                pipeline.send_event(Gst.Event.new_eos())

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    pipeline.set_state(Gst.State.PLAYING)
    # the sockets are bound once the sources have gone to PAUSED, which set_state does before it returns
    print("LISTENING", flush=True)
    loop.run()
    stats = pipeline.get_by_name("dec").get_property("stats")
    report = {"frames": state["frames"], "rtcp": state["rtcp"],
              "recv-count": stats.get_value("recv-count"), "recv-drop-count": stats.get_value("recv-drop-count")}
    pipeline.set_state(Gst.State.NULL)
    out.close()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
