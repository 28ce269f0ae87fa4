#!/usr/bin/python3
"""A GStreamer rtpbin that receives H.264 over RTP and repairs loss with NACKs, for salvo's tests.

RTP arrives on --port, RTCP on --port + 1; rtpbin's own RTCP (receiver reports, generic NACKs)
goes to --rtcp-to. With --retransmission the jitter buffer asks for lost packets
(do-retransmission); with --rtx-pt the answers come as RTX (RFC 4588) and rtprtxreceive, given to
rtpbin through its request-aux-receiver signal, turns them back into the originals (gst-launch
cannot connect that signal, hence this script). Decoded frames are converted to I420 and their
MD5s written to --out, one line each, the way `ffmpeg -f framemd5 -pix_fmt yuv420p` hashes them.
The script ends --idle seconds after the last packet and prints one JSON line of what rtpbin and
its jitter buffer counted.
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
    parser.add_argument("--rtcp-to", required=True, help="HOST:PORT of the sender's RTCP")
    parser.add_argument("--pt", type=int, default=96)
    parser.add_argument("--rtx-pt", type=int, default=-1)
    parser.add_argument("--retransmission", action="store_true")
    parser.add_argument("--latency", type=int, default=1500,
                        help="jitter buffer latency, ms: how long it asks for a lost packet. rtpsession sends a "
                             "NACK early once, then repeats it only with its regular RTCP, about every 0.5 s here: "
                             "a resend lost too needs a second or more to be asked for again")
    parser.add_argument("--rtcp-interval", type=int, default=100,
                        help="rtpsession's minimum regular RTCP interval, ms (default 5 s): AVPF lets a receiver "
                             "send feedback early only once per regular interval")
    parser.add_argument("--idle", type=float, default=3.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    faulthandler.enable()  # a crash in GStreamer prints where, instead of ending silently
    Gst.init(None)

    rtcp_host, rtcp_port = args.rtcp_to.rsplit(":", 1)
    pipeline = Gst.Pipeline.new("receiver")
    rtpbin = Gst.ElementFactory.make("rtpbin", "rtpbin")
    rtpbin.set_property("rtp-profile", "avpf")
    rtpbin.set_property("latency", args.latency)
    rtpbin.set_property("do-retransmission", args.retransmission)
    rtp_src = Gst.ElementFactory.make("udpsrc", "rtp")
    rtp_src.set_property("port", args.port)
    rtp_src.set_property("buffer-size", 8 << 20)
    rtp_src.set_property("timeout", int(args.idle * Gst.SECOND))
    rtp_src.set_property("caps", Gst.Caps.from_string(
        "application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=%d" % args.pt))
    rtcp_src = Gst.ElementFactory.make("udpsrc", "rtcp")
    rtcp_src.set_property("port", args.port + 1)
    rtcp_sink = Gst.ElementFactory.make("udpsink", "rtcp-out")
    rtcp_sink.set_property("host", rtcp_host)
    rtcp_sink.set_property("port", int(rtcp_port))
    rtcp_sink.set_property("sync", False)
    rtcp_sink.set_property("async", False)
    depay = Gst.ElementFactory.make("rtph264depay")
    decode = Gst.ElementFactory.make("avdec_h264")
    convert = Gst.ElementFactory.make("videoconvert")
    caps = Gst.ElementFactory.make("capsfilter")
    caps.set_property("caps", Gst.Caps.from_string("video/x-raw,format=I420"))
    sink = Gst.ElementFactory.make("appsink")
    sink.set_property("emit-signals", True)
    sink.set_property("sync", False)
    for element in (rtpbin, rtp_src, rtcp_src, rtcp_sink, depay, decode, convert, caps, sink):
        pipeline.add(element)
    depay.link(decode)
    decode.link(convert)
    convert.link(caps)
    caps.link(sink)

    def request_pt_map(_bin, _session, pt):
        if pt == args.pt:
            return Gst.Caps.from_string(
                "application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=%d" % pt)
        if pt == args.rtx_pt:
            return Gst.Caps.from_string(
                "application/x-rtp,media=video,clock-rate=90000,encoding-name=RTX,payload=%d,apt=%d"
                % (pt, args.pt))
        return None

    def request_aux_receiver(_bin, session):
        bin_ = Gst.Bin.new(None)
        rtx = Gst.ElementFactory.make("rtprtxreceive")
        pt_map = Gst.Structure.new_empty("application/x-rtp-pt-map")
        pt_map.set_value(str(args.pt), GObjectUInt(args.rtx_pt))
        rtx.set_property("payload-type-map", pt_map)
        bin_.add(rtx)
        bin_.add_pad(Gst.GhostPad.new("src_%d" % session, rtx.get_static_pad("src")))
        bin_.add_pad(Gst.GhostPad.new("sink_%d" % session, rtx.get_static_pad("sink")))
        state["rtx"] = rtx
        return bin_

    state = {"frames": 0, "jitterbuffer": None, "rtx": None, "extra-pads": 0}
    rtpbin.connect("request-pt-map", request_pt_map)
    if args.rtx_pt >= 0:
        rtpbin.connect("request-aux-receiver", request_aux_receiver)
    rtpbin.connect("new-jitterbuffer", lambda _b, jb, _s, _ssrc: state.__setitem__("jitterbuffer", jb))

    def pad_added(_bin, pad):
        if not pad.get_name().startswith("recv_rtp_src_"):
            return
        if not depay.get_static_pad("sink").is_linked():
            pad.link(depay.get_static_pad("sink"))
        else:  # another SSRC (an RTX one rtprtxreceive did not take): keep it from stopping the source
            extra = Gst.ElementFactory.make("fakesink")
            extra.set_property("sync", False)
            pipeline.add(extra)
            extra.sync_state_with_parent()
            pad.link(extra.get_static_pad("sink"))
            state["extra-pads"] += 1

    rtpbin.connect("pad-added", pad_added)
    # the session is made when its first pad is requested: the signals above must be connected first
    rtp_src.get_static_pad("src").link(rtpbin.request_pad_simple("recv_rtp_sink_0"))
    rtcp_src.get_static_pad("src").link(rtpbin.request_pad_simple("recv_rtcp_sink_0"))
    rtpbin.request_pad_simple("send_rtcp_src_0").link(rtcp_sink.get_static_pad("sink"))
    rtpbin.emit("get-session", 0).set_property("rtcp-min-interval", args.rtcp_interval * Gst.MSECOND)
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

    sink.connect("new-sample", new_sample)
    loop = GLib.MainLoop()

    def on_message(_bus, message):
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            print("error: %s %s" % (error, debug), file=sys.stderr)
            loop.quit()
        elif message.type == Gst.MessageType.ELEMENT and message.get_structure().get_name() == "GstUDPSrcTimeout":
            if state["frames"] > 0:
                loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    pipeline.set_state(Gst.State.PLAYING)
    # the sockets are bound once the sources have gone to PAUSED, which set_state does before it returns
    print("LISTENING", flush=True)
    loop.run()
    report = {"frames": state["frames"], "extra-pads": state["extra-pads"]}
    jb = state["jitterbuffer"]
    if jb is not None:
        stats = jb.get_property("stats")
        for field in ("num-pushed", "num-lost", "num-late", "num-duplicates", "rtx-count", "rtx-success-count"):
            report[field] = stats.get_value(field)
    if state["rtx"] is not None:
        for field in ("num-rtx-requests", "num-rtx-packets", "num-rtx-assoc-packets"):
            report[field] = state["rtx"].get_property(field)
    pipeline.set_state(Gst.State.NULL)
    out.close()
    print(json.dumps(report), flush=True)


def GObjectUInt(value):
    """A GValue holding a guint, as payload-type-map wants."""
    from gi.repository import GObject
    v = GObject.Value()
    v.init(GObject.TYPE_UINT)
    v.set_uint(value)
    return v


if __name__ == "__main__":
    main()
