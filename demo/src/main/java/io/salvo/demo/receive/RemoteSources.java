package io.salvo.demo.receive;

/**
 * The {@link RemoteSource} of every SSRC heard of, over RTP or RTCP, in first-heard order, each
 * joined to its RTP stream in a {@link StreamTable} once that exists (an SR may come before the
 * first RTP packet). At most {@code maxSources}; more are ignored. Loop thread only; allocates
 * only for a new SSRC.
 */
final class RemoteSources {
    private final SsrcMap<RemoteSource> sources = new SsrcMap<>();
    private final StreamTable streams;
    private final int maxSources;
    private int streamsJoined;

    /** Sources joined to the streams of {@code streams}, at most {@code maxSources} of them. */
    RemoteSources(StreamTable streams, int maxSources) {
        this.streams = streams;
        this.maxSources = maxSources;
    }

    /** The source of {@code ssrc}, or null. */
    RemoteSource get(long ssrc) {
        return sources.get(ssrc);
    }

    /** The source of {@code ssrc}, added when new; null when new and there are already {@code maxSources}. */
    RemoteSource getOrAdd(long ssrc) {
        RemoteSource source = sources.get(ssrc);
        if (source == null && sources.size() < maxSources) {
            source = new RemoteSource(ssrc);
            source.attach(streams.find(ssrc));
            sources.add(ssrc, source);
        }
        return source;
    }

    /** Adds a source for, or joins its source to, every RTP stream that arrived since the last call. */
    void joinStreams() {
        for (; streamsJoined < streams.size(); streamsJoined++) {
            StreamStats stream = streams.at(streamsJoined);
            RemoteSource source = getOrAdd(stream.ssrc());
            if (source != null) {
                source.attach(stream);
            }
        }
    }

    /** Number of sources. */
    int size() {
        return sources.size();
    }

    /** The {@code index}-th source, first heard first. */
    RemoteSource at(int index) {
        return sources.at(index);
    }
}
