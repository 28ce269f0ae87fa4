#!/usr/bin/python3
"""A GStreamer rtpbin receiving the H.264 and AAC streams salvo describes in one SDP, for salvo's tests.

Each m= section of --sdp is one rtpbin session: RTP on the section's port, RTCP on the port + 1
(a=rtcp), rtpbin's own RTCP (receiver reports) to --rtcp-to. The caps of each session come from
the SDP (GstSdp, as rtspsrc makes them). rtpbin synchronizes the sessions from the Sender Reports
(rtcp-sync, --rtcp-sync; both streams share one CNAME) in --buffer-mode. The video is depayloaded
(rtph264depay), decoded (avdec_h264) and converted to I420, the audio depayloaded (rtpmp4gdepay),
decoded (avdec_aac) and interleaved as F32LE, and every decoded buffer is written to --out-video
or --out-audio as one line: its PTS in nanoseconds (pipeline running time, after rtpbin's sync)
and the MD5 of its bytes, the way `ffmpeg -f framemd5` hashes frames (-pix_fmt yuv420p,
-c:a pcm_f32le). --idle seconds after the last packet the pipeline is sent EOS, so the decoders
drain, and the script prints one JSON line of counts.
"""
import argparse
import faulthandler
import hashlib
import json
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstSdp  # noqa: E402

BUFFER_MODES = {"none": 0, "slave": 1, "buffer": 2, "synced": 4}
RTCP_SYNC = {"always": 0, "initial": 1, "rtp-info": 2}


def session_caps(media):
    """The application/x-rtp caps of an SDP media section's first format, as rtspsrc makes them."""
    pt = int(media.get_format(0))
    caps = GstSdp.SDPMedia.get_caps_from_media(media, pt)
    media.attributes_to_caps(caps)
    structure = caps.get_structure(0).copy()
    structure.set_name("application/x-rtp")
    for field in [structure.nth_field_name(i) for i in range(structure.n_fields())]:
        if field.startswith("a-") or field.startswith("x-") or field.startswith("rtcp-fb"):
            structure.remove_field(field)
    result = Gst.Caps.new_empty()
    result.append_structure(structure)
    return pt, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sdp", required=True)
    parser.add_argument("--rtcp-to", required=True, help="HOST:PORT of the sender's RTCP")
    parser.add_argument("--out-video", required=True)
    parser.add_argument("--out-audio", required=True)
    parser.add_argument("--latency", type=int, default=500, help="jitter buffer latency, ms")
    parser.add_argument("--buffer-mode", choices=sorted(BUFFER_MODES), default="slave")
    parser.add_argument("--rtcp-sync", choices=sorted(RTCP_SYNC), default="always")
    parser.add_argument("--idle", type=float, default=2.0)
    args = parser.parse_args()
    faulthandler.enable()  # a crash in GStreamer prints where, instead of ending silently
    Gst.init(None)

    with open(args.sdp, "rb") as f:
        result, sdp = GstSdp.SDPMessage.new_from_text(f.read().decode("ascii"))
    rtcp_host, rtcp_port = args.rtcp_to.rsplit(":", 1)
    pipeline = Gst.Pipeline.new("receiver")
    rtpbin = Gst.ElementFactory.make("rtpbin", "rtpbin")
    rtpbin.set_property("latency", args.latency)
    rtpbin.set_property("buffer-mode", BUFFER_MODES[args.buffer_mode])
    rtpbin.set_property("rtcp-sync", RTCP_SYNC[args.rtcp_sync])
    pipeline.add(rtpbin)

    state = {"video": 0, "audio": 0, "extra-pads": 0, "timed-out": set(), "eos": False}
    outputs = {"video": open(args.out_video, "w"), "audio": open(args.out_audio, "w")}
    sessions = {}
    sources = []
    for index in range(sdp.medias_len()):
        media = sdp.get_media(index)
        kind = media.get_media()
        pt, caps = session_caps(media)
        port = media.get_port()
        sessions[index] = (kind, pt, caps)
        rtp_src = Gst.ElementFactory.make("udpsrc", "rtp%d" % index)
        rtp_src.set_property("port", port)
        rtp_src.set_property("buffer-size", 8 << 20)
        rtp_src.set_property("timeout", int(args.idle * Gst.SECOND))
        rtp_src.set_property("caps", caps)
        rtcp_src = Gst.ElementFactory.make("udpsrc", "rtcp%d" % index)
        rtcp_src.set_property("port", port + 1)
        rtcp_sink = Gst.ElementFactory.make("udpsink", "rtcp-out%d" % index)
        rtcp_sink.set_property("host", rtcp_host)
        rtcp_sink.set_property("port", int(rtcp_port))
        rtcp_sink.set_property("sync", False)
        rtcp_sink.set_property("async", False)
        for element in (rtp_src, rtcp_src, rtcp_sink):
            pipeline.add(element)
        sources.append(rtp_src)

    def chain(kind):
        """depayloader ! decoder ! converter ! capsfilter ! appsink, added to the pipeline; returns its sink pad."""
        if kind == "video":
            names = ("rtph264depay", "avdec_h264", "videoconvert")
            raw = "video/x-raw,format=I420"
        else:
            names = ("rtpmp4gdepay", "avdec_aac", "audioconvert")
            raw = "audio/x-raw,format=F32LE,layout=interleaved"
        elements = [Gst.ElementFactory.make(name) for name in names]
        capsfilter = Gst.ElementFactory.make("capsfilter")
        capsfilter.set_property("caps", Gst.Caps.from_string(raw))
        sink = Gst.ElementFactory.make("appsink")
        sink.set_property("emit-signals", True)
        sink.set_property("sync", False)
        elements += [capsfilter, sink]
        for element in elements:
            pipeline.add(element)
        for a, b in zip(elements, elements[1:]):
            a.link(b)

        def new_sample(appsink):
            sample = appsink.emit("pull-sample")
            buffer = sample.get_buffer()
            ok, info = buffer.map(Gst.MapFlags.READ)
            if ok:
                outputs[kind].write("%d %s\n" % (buffer.pts, hashlib.md5(info.data).hexdigest()))
                buffer.unmap(info)
            state[kind] += 1
            return Gst.FlowReturn.OK

        sink.connect("new-sample", new_sample)
        for element in elements:
            element.sync_state_with_parent()
        return elements[0].get_static_pad("sink")

    def request_pt_map(_bin, session, pt):
        kind, media_pt, caps = sessions[session]
        return caps if pt == media_pt else None

    def pad_added(_bin, pad):
        name = pad.get_name()
        if not name.startswith("recv_rtp_src_"):
            return
        session = int(name.split("_")[3])
        kind = sessions[session][0]
        if not state.get("linked-" + kind):
            state["linked-" + kind] = True
            pad.link(chain(kind))
        else:  # another SSRC (an RTX one): keep it from stopping the source
            extra = Gst.ElementFactory.make("fakesink")
            extra.set_property("sync", False)
            pipeline.add(extra)
            extra.sync_state_with_parent()
            pad.link(extra.get_static_pad("sink"))
            state["extra-pads"] += 1

    rtpbin.connect("request-pt-map", request_pt_map)
    rtpbin.connect("pad-added", pad_added)
    for index in sessions:
        pipeline.get_by_name("rtp%d" % index).get_static_pad("src").link(
            rtpbin.request_pad_simple("recv_rtp_sink_%d" % index))
        pipeline.get_by_name("rtcp%d" % index).get_static_pad("src").link(
            rtpbin.request_pad_simple("recv_rtcp_sink_%d" % index))
        rtpbin.request_pad_simple("send_rtcp_src_%d" % index).link(
            pipeline.get_by_name("rtcp-out%d" % index).get_static_pad("sink"))

    loop = GLib.MainLoop()

    def on_message(_bus, message):
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            print("error: %s %s" % (error, debug), file=sys.stderr)
            loop.quit()
        elif message.type == Gst.MessageType.EOS:
            state["eos"] = True
            loop.quit()
        elif message.type == Gst.MessageType.ELEMENT and message.get_structure().get_name() == "GstUDPSrcTimeout":
            if state["video"] + state["audio"] > 0:
                state["timed-out"].add(message.src.get_name())
            if len(state["timed-out"]) == len(sources):
                # the stream ended: EOS through rtpbin drains the jitter buffers and the decoders
                for source in sources:
                    source.send_event(Gst.Event.new_eos())

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    pipeline.set_state(Gst.State.PLAYING)
    # the sockets are bound once the sources have gone to PAUSED, which set_state does before it returns
    print("LISTENING", flush=True)
    GLib.timeout_add_seconds(120, loop.quit)
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    for out in outputs.values():
        out.close()
    print(json.dumps({"video": state["video"], "audio": state["audio"], "extra-pads": state["extra-pads"],
                      "eos": state["eos"]}), flush=True)


if __name__ == "__main__":
    main()
