// The table of podcast apps, the libraries they play through, browsers and crawlers, by user agent: the one place
// to keep it (lib/analytics/classify-user-agent.ts reads it; docs/analytics.md says how it counts).
//
// Source: the Open Podcast Analytics Working Group's user-agents-v2 (github.com/opawg/user-agents-v2, src/apps.json
// and src/bots.json as of late 2025; MIT licence, Copyright (c) 2022 Open Podcast Analytics Working Group). Taken from
// it: each entry's name, its user-agent forms (`examples`, as seen in hosts' logs) and what its pattern matches;
// the patterns are rewritten as literals here so that eslint-plugin-regexp proves each one linear (OPAWG's own use
// unanchored `.*`, which is not). Added here: `platform`, a few crawlers (the generic self-declared bots, feed
// parsers and HTTP tools), and the bare forms of AntennaPod, Castbox and Podcast Republic that issue 21 found counted
// as bots. Left out: OPAWG's non-podcast apps (messengers, file managers, church apps…), which count as "Other".
// The order matters as in OPAWG's: crawlers first, then apps, then libraries, then browsers; the first match wins.
//
// Kinds: "crawler" is never a listener; "app" and "library" are always listeners (the app said who it is; `isbot`
// mistakes many of them, e.g. every bare `Name/1.2.3`); "browser" is judged by `isbot`, as is anything not here.

export type UserAgentKind = "crawler" | "app" | "library" | "browser";

export type UserAgentEntry = {
  name: string;
  kind: UserAgentKind;
  /** Where the app runs, for apps and libraries. */
  platform?: string;
  pattern: RegExp;
  /**
   * Real user agents of this entry; the tests run each one. OPAWG's examples, except: entries OPAWG gives a pattern
   * only for (their example is the prefix it names), browsers and Android libraries (their common forms), and
   * where a comment says otherwise.
   */
  examples: readonly string[];
};

const crawlers: UserAgentEntry[] = [
  // Search engines and other web crawlers.
  {
    name: "Googlebot",
    kind: "crawler",
    pattern: /Googlebot|Feed[fF]etcher-Google|Mediapartners-Google|AdsBot-Google|^GoogleOther|Google-Podcast|Google-NotebookLM/,
    examples: [
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.96 Mobile Safari/537.36 (compatible; Googlebot/2.1; http://www.google.com/bot.html)",
      "Googlebot-Image/1.0",
      "FeedFetcher-Google; (+http://www.google.com/feedfetcher.html)",
      "GoogleOther-Video/1.0",
    ],
  },
  {
    name: "Bingbot",
    kind: "crawler",
    pattern: /[bB]ingbot\/|BingPreview\/|adidxbot\//,
    examples: ["Mozilla/5.0 (compatible; Bingbot/2.0; +http://www.bing.com/bingbot.htm)", "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/534 (KHTML, like Gecko) BingPreview/1.0b"],
  },
  { name: "AhrefsBot", kind: "crawler", pattern: /AhrefsBot\//, examples: ["Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"] },
  { name: "Applebot", kind: "crawler", pattern: /Applebot\//, examples: ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)"] },
  { name: "OpenAI GPTBot", kind: "crawler", pattern: /GPTBot\//, examples: ["Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)"] },
  { name: "ClaudeBot", kind: "crawler", pattern: /ClaudeBot\//, examples: ["Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)"] },
  { name: "Bytespider", kind: "crawler", pattern: /Bytespider/, examples: ["Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)"] },
  {
    name: "Facebook",
    kind: "crawler",
    pattern: /facebookexternalhit|Facebot|FacebookBot|meta-externalagent\/|^podcastbot$/,
    examples: ["facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)", "podcastbot"],
  },
  { name: "Internet Archive", kind: "crawler", pattern: /archive\.org_bot|ia_archiver|Archive-It;/, examples: ["Mozilla/5.0 (compatible; archive.org_bot http://archive.org/details/archive.org_bot)", "ia_archiver (+http://www.alexa.com/site/help/webmasters; crawler@alexa.com)"] },
  { name: "Headless Chrome", kind: "crawler", pattern: / HeadlessChrome\/\d/, examples: ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/105.0.5173.0 Safari/537.36"] },
  // Podcast directories and apps' back ends: they fetch feeds and check or cache files, for no listener.
  { name: "Apple Podcasts directory checks", kind: "crawler", pattern: /iTMS|itunesstored|itms/, examples: ["iTMS"] },
  {
    // OPAWG: the watch's downloads repeat the phone's, so they are not counted.
    name: "Apple Podcasts (Apple Watch copy)",
    kind: "crawler",
    pattern: /^atc\/|^\(null\)\/\(null\) watchOS\//,
    examples: ["atc/1.0 watchOS/7.1 model/Watch5,1 hwp/t8006 build/18R590 (6; dt:201)", "(null)/(null) watchOS/5.0.1 model/Watch3,3 hwp/t8004 build/16R381 (6; dt:155)"],
  },
  { name: "Spotify cache service", kind: "crawler", pattern: /^Spotify\/1\.0$/, examples: ["Spotify/1.0"] },
  {
    name: "Podcastindex.org",
    kind: "crawler",
    pattern: /^Podcastindex\.org\/|\(PodcastIndex\.org\)|PodcastIndexManager\/|^PodcastIndex Classifier\//,
    examples: ["Podcastindex.org/v0.3.3 (Aggrivate)", "Aggrivator (PodcastIndex.org)/v0.1.7", "PodcastIndexManager/1.0"],
  },
  { name: "Overcast Transcriber", kind: "crawler", pattern: /^Overcast%20Transcriber\//, examples: ["Overcast%20Transcriber/1 CFNetwork/3855.100.1 Darwin/25.0.0"] },
  { name: "Podchaser", kind: "crawler", pattern: /^Podchaser |^Podchaser-Parser|^PodchaserParser\//, examples: ["Podchaser (https://podchaser.com)", "PodchaserParser/2.0 (https://podchaser.com)"] },
  { name: "Listen Notes", kind: "crawler", pattern: /^ListenNotes\//, examples: ["ListenNotes/3.0 (id=c1ef144e30174bf6ba1fedf9174ed908; +https://www.listennotes.com/about/)"] },
  // OPAWG gives these four a pattern only.
  { name: "Amazon Music ingestion", kind: "crawler", pattern: /^Amazon Music Podcast|^AmazonNewsContentService/, examples: ["Amazon Music Podcast", "AmazonNewsContentService"] },
  { name: "Deezer Podcasters", kind: "crawler", pattern: /^Deezer Podcasters\//, examples: ["Deezer Podcasters/1.0"] },
  { name: "Pandora RSS crawler", kind: "crawler", pattern: /^PandoraRSSCrawler/, examples: ["PandoraRSSCrawler"] },
  { name: "Stitcher Bot", kind: "crawler", pattern: /^StitcherBot/, examples: ["StitcherBot"] },
  { name: "Goodpods Bot", kind: "crawler", pattern: /^Goodpods\/\d+\.\d/, examples: ["Goodpods/2.2"] },
  { name: "Castro automated actions", kind: "crawler", pattern: /^Tentacles, Like iTunes$/, examples: ["Tentacles, Like iTunes"] },
  { name: "Podbean feed reader", kind: "crawler", pattern: /^PodbeanFeedReader|^Podbean Importer|^Podbean Podcast Service/, examples: ["PodbeanFeedReader/6.0 (Feed Parser; http://www.podbean.com/; Allow like Gecko) Build/20251103053444", "Podbean Importer"] },
  { name: "gpodder.net feed service", kind: "crawler", pattern: /^mygpo-feedservice/, examples: ["mygpo-feedservice +http://feeds.gpodder.net/"] },
  { name: "Podtrac Feed Scanner", kind: "crawler", pattern: /^Podtrac Feed Scanner|^Podtrac Network Client/, examples: ["Podtrac Feed Scanner"] },
  { name: "Castopod", kind: "crawler", pattern: /Castopod\/\d/, examples: ["Castopod/1.1.2"] },
  { name: "Libsyn", kind: "crawler", pattern: /^Libsyn4/, examples: ["Libsyn4-Download"] },
  { name: "SiriusXM Bot", kind: "crawler", pattern: /^SiriusXM\/(?:RSS|STT)/, examples: ["SiriusXM/RSS-Scanner/1.0"] },
  {
    // Feed parsers and "Podcast Sync" services of apps (Overcast, Player FM, Pocket Casts, Podverse, UCast, …):
    // OPAWG names each one; their forms share these words.
    name: "Feed parser or podcast sync service",
    kind: "crawler",
    pattern: /Feed ?Parser|Podcast Sync|Feed ?Fetcher|Podcast Indexer/i,
    examples: [
      "Overcast/1.0 Podcast Sync (1 subscribers; feed-id=1234567; +http://overcast.fm/)",
      "PlayerFM/1.0 Podcast Sync (0 subscribers; url=https://player.fm/series/series-2567872)",
      "PocketCasts/1.0 (Pocket Casts Feed Parser; +http://pocketcasts.com/)",
      "Podverse/Feed Parser",
      "UCast/1.0 Podcast Sync (1 subscribers; +http://www.ucastapp.com/)",
      "OnceUponAPod/1.0 Feed Fetcher (+https://www.onceuponapod.com)",
    ],
  },
  // HTTP tools and scripts: someone may listen to what curl fetched, but OPAWG counts them as bots, and so do we.
  {
    name: "HTTP tool or script",
    kind: "crawler",
    pattern: /^curl\/|^libcurl\/|^PycURL\/| curl\/|Wget|python-requests|python-httpx|aiohttp\/|libwww-perl|^Go-http-client\/|^axios\/|^node-fetch|^undici|^Java\/|^Ruby$|^Typhoeus|^Faraday/,
    examples: ["curl/8.5.0", "Wget/1.21.4", "python-requests/2.31.0", "Go-http-client/2.0", "LWP::Simple/6.34 libwww-perl/6.34", "GuzzleHttp/6.1.0 curl/7.50.1 PHP/7.0.13-0ubuntu0.16.10.1"],
  },
  { name: "Uptime monitor", kind: "crawler", pattern: /Pingdom|UptimeRobot\/|PodUptime/, examples: ["Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"] },
  { name: "Bare Mozilla", kind: "crawler", pattern: /^'?Mozilla(?:\/5\.0)?$/, examples: ["Mozilla/5.0", "Mozilla"] },
  {
    // Anything that calls itself a bot, crawler or spider is one, even when it names an app too.
    name: "Self-declared bot",
    kind: "crawler",
    pattern: /bot\b|crawler|spider/i,
    examples: [
      "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
      "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
      "Twitterbot/1.0",
      "Mozilla/5.0 (compatible; DotBot/1.2; https://opensiteexplorer.org/dotbot; help@moz.com)",
    ],
  },
];

const apps: UserAgentEntry[] = [
  {
    // 小宇宙 (Cosmos) sends "Podcast/1.x": before Apple Podcasts, whose Dutch and German "Podcast/<build>" it resembles.
    name: "Xiaoyuzhou (Cosmos)",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^Podcast\/1\.\d|^Xiaoyuzhou\//,
    examples: ["Podcast/1.7.3 (Linux;Android 13) ExoPlayerLib/2.10.4", "Xiaoyuzhou/1.9.6 Android/10"],
  },
  {
    // The app is named in the user's language; the names are sent raw or percent-encoded.
    name: "Apple Podcasts",
    kind: "app",
    platform: "iOS, iPadOS, macOS, HomePod",
    pattern:
      /^(?:Podcasts|Podcast|Podcaster|Podcasti|Podcastit|Podcasturi|Podcasty|Podcastok|Podkaster|Balados|Podcast’ler|Podcast%E2%80%99ler|AirPodcasts|Подкасти|Подкасты|פודקאסטים|البودكاست|पॉडकास्ट|พ็อดคาสท์|播客|팟캐스트|ポッドキャスト|%D8%A7%D9%84%D8%A8%D9%88%D8%AF%D9%83%D8%A7%D8%B3%D8%AA|%D0%9F%D0%BE%D0%B4%D0%BA%D0%B0%D1%81%D1%82%D1%8B|%D0%9F%D0%BE%D0%B4%D0%BA%D0%B0%D1%81%D1%82%D0%B8|%D0%9F%D0%BE%D0%B4%D0%BA%D0%B0%D1%81%D1%82%D1%82%D0%B0%D1%80|%D7%A4%D7%95%D7%93%D7%A7%D7%90%D7%A1%D7%98%D7%99%D7%9D|%ED%8C%9F%EC%BA%90%EC%8A%A4%ED%8A%B8|%E6%92%AD%E5%AE%A2|%E3%83%9D%E3%83%83%E3%83%89%E3%82%AD%E3%83%A3%E3%82%B9%E3%83%88|%E0%B8%9E%E0%B9%87%E0%B8%AD%E0%B8%94%E0%B8%84%E0%B8%B2%E0%B8%AA%E0%B8%97%E0%B9%8C|%E0%A4%AA%E0%A5%89%E0%A4%A1%E0%A4%95%E0%A4%BE%E0%A4%B8%E0%A5%8D%E0%A4%9F)\/\d/,
    examples: [
      "Podcasts/1650.20 CFNetwork/1408.0.4 Darwin/22.5.0",
      "Podcasts/1410.53 CFNetwork/1111 Darwin/19.0.0 (x86_64)",
      "Balados/1660.5 CFNetwork/1335.0.3 Darwin/21.6.0",
      "Podcast/1660.5 CFNetwork/1335.0.3 Darwin/21.6.0",
      "Podcaster/1709.2.2 CFNetwork/1390 Darwin/22.0.0",
      "Podcast%E2%80%99ler/1710.17 CFNetwork/1399 Darwin/22.1.0",
      "播客/1709.2.2 CFNetwork/1390 Darwin/22.0.0",
      "%D0%9F%D0%BE%D0%B4%D0%BA%D0%B0%D1%81%D1%82%D1%8B/1410.25.1 CFNetwork/1107.1 Darwin/19.0.0",
      "AirPodcasts/4022.700.8 CFNetwork/1410.0.3 Darwin/22.6.0",
    ],
  },
  { name: "iTunes", kind: "app", platform: "macOS, Windows", pattern: /^iTunesU?[/-]/, examples: ["iTunes/12.10.9 (Windows; Microsoft Windows 10 x64 Home Premium Edition (Build 19041); x64) AppleWebKit/7609.3005.1003.3"] },
  {
    name: "Spotify",
    kind: "app",
    platform: "Android, iOS, desktop, cars, watches",
    pattern: /^Spotify\/|^spotify_|^Spotify-Lite| Spotify\/\d/,
    examples: [
      "Spotify/8.8.40 iOS/16.5 (iPhone14,5)",
      "Spotify/8.7.76.359 SM-R870/30 (SM-R870)",
      "Spotify/4.3.2.0 Volvo/30 (Volvo)",
      "spotify_android-tablet",
      "Spotify-Lite: Spotify-Lite/0.13.48.96 Android/22 (SM-G531H)",
    ],
  },
  {
    name: "Overcast",
    kind: "app",
    platform: "iOS, watchOS",
    pattern: /^Overcast[/ ]/,
    examples: ["Overcast/3.0 (+http://overcast.fm/; iOS podcast app)", "Overcast ( http://overcast.fm/; Apple Watch podcast app)", "Overcast/792 CFNetwork/1098.7 Darwin/19.0.0"],
  },
  { name: "Pocket Casts", kind: "app", platform: "Android, iOS, web", pattern: /^Pocket ?Casts|^Shifty Jelly Pocket Casts/, examples: ["Pocket Casts", "Shifty Jelly Pocket Casts, iOS v4.2"] },
  { name: "Castro", kind: "app", platform: "iOS", pattern: /^Castro[/ ]/, examples: ["Castro 2019.13/1167", "Castro/1024 CFNetwork/955.1.2 Darwin/18.0.0"] },
  {
    name: "AntennaPod",
    kind: "app",
    platform: "Android",
    pattern: /^AntennaPod\/|^de\.danoeh\.antennapod\//,
    // AntennaPod/<version> is the form of AntennaPod 2 and later (its ClientConfig), not in OPAWG's examples.
    examples: ["AntennaPod/3.2.0", "AntennaPod/2.7.1", "de.danoeh.antennapod/1.7.3b (Linux;Android 8.0.0) ExoPlayerLib/2.9.3"],
  },
  { name: "gPodder", kind: "app", platform: "Linux, macOS, Windows", pattern: /^gPodder\//, examples: ["gPodder/3.11.1 (+http://gpodder.org/) Linux", "gPodder/3.10.8 (+http://gpodder.org/) Windows/10"] },
  {
    name: "Podcast Addict",
    kind: "app",
    platform: "Android",
    pattern: /^PodcastAddict\/|^Podcast Addict /,
    examples: [
      "PodcastAddict/v5 (+https://podcastaddict.com/; Android podcast app)",
      "PodcastAddict/v2 - Dalvik/2.1.0 (Linux; U; Android 9; SM-N950U Build/PPR1.180610.011)",
      "Podcast Addict - Dalvik/2.1.0 (Linux; U; Android 9; SM-G960F Build/PPR1.180610.011)",
    ],
  },
  {
    name: "Castbox",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^Cast[Bb]ox/,
    examples: ["CastBox/9.0.1", "CastBox/8.2.6-191015245 (Linux;Android 10) ExoPlayerLib/2.10.4", "CastBox/8.5.1 (fm.castbox.audiobook.radio.podcast; build:11; iOS 13.1.2)"],
  },
  {
    name: "Podcast Republic",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^PodcastRepublic\//,
    examples: ["PodcastRepublic/23.0", "PodcastRepublic/18.0 (Linux; U; Android 10;blueline/QP1A.190711.020.C3)", "PodcastRepublic/18.0 (iPhone; CPU iPhone OS 14_7_1 like Mac OS X)"],
  },
  {
    name: "Podbean",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^Podbean\//,
    examples: ["Podbean/Android App 8.1.5 (http://podbean.com),4f6852f59091d32475ef75a53325a4fe", "Podbean/iOS (http://podbean.com) 5.2.0 - 19c4ff292bd09cd2ccbad22cc6755a45"],
  },
  {
    name: "Fountain",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^Fountain\/|^fountainapp\/\d/,
    examples: ["Fountain/0.3.8 ios https://www.fountain.fm", "Fountain/0.3.13 android https://www.fountain.fm", "fountainapp/565 CFNetwork/1399 Darwin/22.1.0"],
  },
  { name: "Podverse", kind: "app", platform: "Android, iOS", pattern: /^[Pp]odverse\//, examples: ["Podverse/Android Mobile App", "Podverse/iOS Mobile App", "podverse/393 CFNetwork/1128.0.1 Darwin/19.6.0"] },
  { name: "Player FM", kind: "app", platform: "Android, iOS", pattern: /^Player FM|^Player%20FM|^Alpha%20PlayerFM\//, examples: ["Player%20FM/588 CFNetwork/1121.2.2 Darwin/19.2.0", "Alpha%20PlayerFM/108 CFNetwork/808.0.2 Darwin/16.0.0"] },
  {
    name: "Deezer",
    kind: "app",
    platform: "Android, iOS, desktop",
    pattern: /^Deezer\/|^DeezerJukebox\//,
    examples: ["Deezer/6.2.2.80 (Android; 9; Mobile; fr) samsung SM-G950F", "Deezer/8.13.0.4 CFNetwork/1125.2 Darwin/19.4.0", "Deezer/4.20.0 (Electron; windows/10.0.18362; Desktop; fr)"],
  },
  {
    name: "iHeartRadio",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^iHeartRadio\/|^iHeartPodcasts\//,
    examples: ["iHeartRadio/9.19.0 (Android 10; SM-G960U Build/QP1A.190711.020)", "iHeartRadio/9.20.0 (iPhone; iOS 13.4.1; iPhone11,8)", "iHeartPodcasts/1.1.0 (Android 10; SM-A505FN Build/QP1A.190711.020)"],
  },
  {
    name: "Amazon Music",
    kind: "app",
    platform: "Android, iOS, desktop",
    pattern: /^AmazonMusic|^Harley\/\d/,
    examples: ["AmazonMusic/22.13.3 iPad7,3 CFNetwork/1335.0.3 Darwin/21.6.0", "AmazonMusic/16.17.0 Dalvik/2.1.0 (Linux; U; Android 6.0.1; vivo 1610 Build/MMB29M)", "Harley/3.12.0.78 A1CTGXB4BA274T/9.4.0.2386"],
  },
  {
    name: "Stitcher",
    kind: "app",
    platform: "Android, iOS, Alexa",
    pattern: /^Stitcher\/|^Stitcher Demo\/|^AlexaMediaPlayer\/Stitcher/,
    examples: ["Stitcher/28420 CFNetwork/609.1.4 Darwin/13.0.0", "Stitcher/Android", "Stitcher Demo/4.8.0 (Linux;Android 11) ExoPlayerLib/2.10.7"],
  },
  {
    name: "Alexa-enabled device",
    kind: "app",
    platform: "smart speaker",
    pattern: /^AlexaMediaPlayer\/|^Echo\/|^AlexaService\/|^Alexa Mobile Voice\/|^Amazon;Echo/,
    examples: ["Echo/1.0(APNG)", "AlexaMediaPlayer/vizzini.locked.38.0 (Linux;Android 5.1.1) ExoPlayerLib/1.5.9", "Amazon;Echo_Dot;27d4dfe427b34d57995b463e5d63198d;;tpapi;3.199.422"],
  },
  {
    name: "YouTube Music",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^com\.google\.android\.apps\.youtube\.music\/|^YouTubeMusic\/\d|^app\.revanced\.android\.apps\.youtube\.music\//,
    examples: [
      "com.google.android.apps.youtube.music/62354340 (Linux; U; Android 14; en_US; Pixel 7 Pro; Build/UP1A.231105.002; Cronet/114.0.5735.84)",
      "YouTubeMusic/6.29.2 CFNetwork/1485 Darwin/23.1.0",
    ],
  },
  { name: "Google Podcasts", kind: "app", platform: "Android, iOS", pattern: /^GooglePodcasts\/|GoogleChirp|^Podcasts$/, examples: ["GooglePodcasts/2.0.10 iPhone/14.6 hw/iPhone12_1", "Podcasts"] },
  {
    name: "TuneIn",
    kind: "app",
    platform: "Android, iOS, desktop",
    pattern: /^TuneIn| TuneIn\//,
    examples: ["TuneIn Radio/24.2 (Linux;Android 10) ExoPlayerLib/2.11.4", "TuneIn Radio/18.1; iPhone12,8; iOS/13.4.1", "TuneIn%20Radio/1383 CFNetwork/1125.2 Darwin/19.4.0"],
  },
  { name: "Downcast", kind: "app", platform: "iOS, macOS", pattern: /^Downcast\//, examples: ["Downcast/2.9.42 (iPhone; iOS 12.4.1; Scale/3.00)", "Downcast/2.9.57 (Mac OS X Version 10.15.7 (Build 19H15))"] },
  {
    name: "Pandora",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^Pandora\/| Pandora\//,
    examples: ["Pandora/2009.2 Android/7.1.1 gteslteatt (ExoPlayerLib1.5.14.1)", "Pandora/2179 CFNetwork/1410.0.3 Darwin/22.6.0"],
  },
  {
    name: "Goodpods",
    kind: "app",
    platform: "Android, iOS",
    pattern: /Goodpods\.|^[Gg]oodpods\/\d+ /,
    examples: ["Goodpods.Android / 3.2.9", "Goodpods.iOS / 2.2.2", "Goodpods/1 CFNetwork/1329 Darwin/21.3.0"],
  },
  { name: "Snipd", kind: "app", platform: "Android, iOS", pattern: /^Snipd\//, examples: ["Snipd/90 CFNetwork/1329 Darwin/21.3.0"] },
  { name: "Podimo", kind: "app", platform: "Android, iOS", pattern: /^Podimo\//, examples: ["Podimo/1.11.3 build 121/iOS 13.3", "Podimo/1.11.3 build 91/Android 28"] },
  { name: "Himalaya", kind: "app", platform: "Android, iOS", pattern: /^Himalaya(?:_test)?\//, examples: ["Himalaya/2.4.41 (iPhone; iOS 14.0.1; Scale/3.00; CFNetwork; iPhone9,4)", "Himalaya/2.2.7 Android/25 (A577VL)"] },
  { name: "iVoox", kind: "app", platform: "Android, iOS", pattern: /^[iI][Vv]oox/, examples: ["iVooxApp/3.85 (iPhone; iOS; iOS 15.6.1; d:16910714; 113F)", "ivooxApp/2.281.428_428 (G8341; Android 9; d:420031; E5A4)"] },
  { name: "SoundOn", kind: "app", platform: "Android, iOS", pattern: /^SoundOn\//, examples: ["SoundOn/1.9.17 (Linux;Android 10) ExoPlayerLib/2.9.4", "SoundOn/2.2.2 (iOS)"] },
  { name: "Luminary", kind: "app", platform: "Android, iOS", pattern: /^Luminary(?:Preprod)?\/|^luminary\.next\//, examples: ["luminary.next/1.25 (Linux;Android 9) ExoPlayerLib/2.10.5"] },
  { name: "Moon FM", kind: "app", platform: "iOS", pattern: /^Moon ?FM\//, examples: ["MoonFM/128 CFNetwork/978.0.7 Darwin/18.7.0", "Moon FM/4.0.33"] },
  { name: "Podurama", kind: "app", platform: "Android, iOS, desktop", pattern: /^Podurama/, examples: ["Podurama/4.0.8.1 CFNetwork/1390 Darwin/22.0.0"] },
  {
    name: "The Podcast App",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^ThePodcastApp|The Podcast App\/|^com\.evolve\.podcast\/|^podcast\/\d* |^PodcastApp\/\d/,
    examples: ["ThePodcastApp/6.28.1 (iPhone; iOS 16.0.2; ) player (build 6391; +https://podcast.app/)", "com.evolve.podcast/3.22.1 (iPhone; ) (build 2358, iOS 13.5.1)", "podcast/878 CFNetwork/1335.0.3 Darwin/21.6.0"],
  },
  {
    name: "RadioPublic",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^RadioPublic\/android-|^RadioPublic Android|RadioPublic iOS|^RadioPublic\/iOS|^RadioPublic\/\d+ CFNetwork/,
    examples: ["RadioPublic/android-2.2", "RadioPublic/iOS-2.0"],
  },
  { name: "Castamatic", kind: "app", platform: "iOS", pattern: /^Castamatic\//, examples: ["Castamatic/3847 CFNetwork/1240.0.4 Darwin/20.6.0", "Castamatic/5.1.4 (com.gunpmedia.Castamatic; build:3136; iOS 13.1.3) Alamofire/4.9.0"] },
  { name: "Instacast", kind: "app", platform: "iOS", pattern: /^Instacast(?: Instacast)?\//, examples: ["Instacast/2763 CFNetwork/1335.0.3 Darwin/21.6.0", "Instacast Instacast/4.5.4 CFNetwork/672.1.14 Darwin/14.0.0"] },
  { name: "iCatcher", kind: "app", platform: "iOS", pattern: /^i[Cc]atcher|\(iCatcher/, examples: ["icatcher/4506 CFNetwork/609.1.4 Darwin/13.0.0", "iTunes (iCatcher!/2.6.3)"] },
  { name: "BeyondPod", kind: "app", platform: "Android", pattern: /; BeyondPod/, examples: ["Mozilla/5.0 (Linux; U; en-us; BeyondPod 4)"] },
  { name: "DoggCatcher", kind: "app", platform: "Android", pattern: /DoggCatcher/, examples: ["Mozilla/5.0 (Linux; U; Windows NT 6.1; en-us; dream) DoggCatcher"] },
  { name: "Kasts", kind: "app", platform: "Linux, Android", pattern: /^Kasts\/|^kasts /, examples: ["Kasts/22.09; Syndication", "kasts LibVLC"] },
  { name: "Anytime Podcast Player", kind: "app", platform: "Android, iOS", pattern: /^Anytime\/[^ ]* b\d+ \(/, examples: ["Anytime/1.2.1 b74 (phone;android QP1A.190711.020.G965USQU9FVB2) https://github.com/amugofjava/anytime_podcast_player"] },
  { name: "Podcast Player", kind: "app", platform: "Android", pattern: /^Podcast Player\//, examples: ["Podcast Player/1.0 (phone;android RMX3195_11_A.18)"] },
  { name: "Podcastly", kind: "app", platform: "Android", pattern: /^Podcastly(?:\/|$)/, examples: ["Podcastly/1.4.1 (samsung; CPU OS android 11; en_us)", "Podcastly"] },
  { name: "Podhero", kind: "app", platform: "Android, iOS", pattern: /^Podhero|^Swoot[/ ]/, examples: ["Podhero%20Alpha/4373 CFNetwork/1197 Darwin/20.0.0", "Swoot Agent 1.0"] },
  { name: "PodMe", kind: "app", platform: "Android, iOS", pattern: /^Podme android app\/|^PodMe\//, examples: ["Podme android app/5.1 (Linux;Android 9) ExoPlayerLib/2.11.5", "PodMe/10289 CFNetwork/1240.0.4 Darwin/20.6.0"] },
  { name: "Podplay", kind: "app", platform: "Android", pattern: /^Podplay\//, examples: ["Podplay/21.06.23 (Linux;Android 11) ExoPlayerLib/2.13.3"] },
  { name: "ProCast", kind: "app", platform: "iOS", pattern: /^Pro[Cc]ast\//, examples: ["ProCast/1 CFNetwork/1240.0.4 Darwin/20.6.0"] },
  { name: "Podfriend", kind: "app", platform: "desktop", pattern: /^Podfriend/, examples: ["Podfriend/1.0 Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) PodFriend/0.7.11 Chrome/83.0.4103.122 Electron/9.2.0 Safari/537.36"] },
  { name: "Metacast", kind: "app", platform: "iOS", pattern: /^Metacast\/\d+ CFNetwork/, examples: ["Metacast/189 CFNetwork/1485 Darwin/23.1.0"] },
  { name: "Airr", kind: "app", platform: "iOS", pattern: /^Airr(?:%20Beta)?\/|^Airr \(/, examples: ["Airr/4070 CFNetwork/1206 Darwin/20.1.0", "Airr (airr.io)"] },
  { name: "Bullhorn", kind: "app", platform: "iOS", pattern: /^Bullhorn(?:\/|$| \()/, examples: ["Bullhorn/1.0 (+http://bullhorn.fm/)", "Bullhorn (https://bullhorn.fm)"] },
  { name: "Outcast", kind: "app", platform: "iOS", pattern: /^Outcast[/ ]/, examples: ["Outcast/1957 CFNetwork/889.7 Darwin/17.2.0", "Outcast 3.1.6"] },
  { name: "Overhaul", kind: "app", platform: "iOS", pattern: /^Podcast Overhaul\//, examples: ["Podcast Overhaul/4.1.1 iOS/16.1.1 +https://www.podcastoverhaul.com/"] },
  { name: "Jam", kind: "app", platform: "Android, iOS", pattern: /^Jam\/\d[^ ]* (?:iOS|Android)\//, examples: ["Jam/1.11.1 iOS/16.2 (www.listentojam.com)", "Jam/1.11.1 Android/12 (www.listentojam.com)"] },
  { name: "CPod", kind: "app", platform: "desktop", pattern: /CPod\//, examples: ["CPod/1.27.1 (github.com/z-------------)"] },
  { name: "castero", kind: "app", platform: "terminal", pattern: /^castero \d/, examples: ["castero 0.9.5 <https://github.com/xgi/castero>"] },
  { name: "Samsung Podcasts", kind: "app", platform: "Android", pattern: /^sp-agent/, examples: ["sp-agent"] },
  {
    name: "radio.de / radio.net",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^(?:radio\.[a-z]{2,3}|GetPodcast)[ /]\d/,
    examples: ["radio.de 5.6.22 (iPhone; iPhone OS 16.4; de_DE)", "radio.net 5.7.3 (iPhone; iPhone OS 17.0.1; fr_FR)", "GetPodcast/5.10.5.3 (Linux; Android 13; de_DE) ExoPlayerLib/2.18.2"],
  },
  { name: "JioSaavn", kind: "app", platform: "Android, iOS", pattern: /^com\.jio\.media\.jiobeats|^com\.saavn\.android|^[sS]aavn/, examples: ["com.jio.media.jiobeats/7.3.1 (Linux;Android 8.1.0) ExoPlayerLib/2.11.4", "Saavn Player"] },
  {
    name: "Gaana",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^GaanaAndroid-|^Gaana-iOS|^Gaana\//,
    examples: ["GaanaAndroid-8.13.0/Dalvik/2.1.0 (Linux; U; Android 9; vivo 1906 Build/PKQ1.190616.001)", "Gaana/1768 CFNetwork/978.0.7 Darwin/18.7.0"],
  },
  { name: "Anghami", kind: "app", platform: "Android, iOS", pattern: /^Anghami\/|^Anghami Android/, examples: ["Anghami/502044 CFNetwork/1206 Darwin/20.1.0", "Anghami Android 6.1.157 / V 11 (6011570) Google store"] },
  { name: "Audacy", kind: "app", platform: "iOS", pattern: /^Radio\.com\//, examples: ["Radio.com/12.2.0 (com.cbsradio.cbsradioplayer; build:1; iOS 14.6.0) Alamofire/4.8.1"] },
  { name: "BBC Sounds", kind: "app", platform: "iOS", pattern: /^BBC%20Sounds\/|^BBCiPlayerRadio\//, examples: ["BBC%20Sounds/1.13.1.7716 CFNetwork/1107.1 Darwin/19.0.0"] },
  {
    name: "NPR",
    kind: "app",
    platform: "Android, iOS",
    pattern: /^NPR\/|^NPR%20One\/|^NPROneAndroid|nprone_android\//,
    examples: ["NPR%20One/234 CFNetwork/1197 Darwin/20.0.0", "NPR/618 CFNetwork/1485 Darwin/23.1.0", "Dalvik/2.1.0 (Linux; U; Android 13; SM-G991U Build/TP1A.220624.014) nprone_android/3.7.0/OSv:13"],
  },
  { name: "Global Player", kind: "app", platform: "Android, iOS", pattern: /^Global Player\//, examples: ["Global Player/119.0 (iPhone; CPU iPhone OS 17_2_1 like Mac OS X)", "Global Player/78.0.0 Android 14/samsung SM-S911B"] },
  { name: "MixerBox", kind: "app", platform: "Android, iOS", pattern: /^MixerBox(?:%20Pro)?\//, examples: ["MixerBox/12.33 (Linux;Android 11) ExoPlayerLib/2.11.1", "MixerBox/869 CFNetwork/1300.1 Darwin/21.0.0"] },
  { name: "myTuner", kind: "app", platform: "Android, iOS", pattern: /^myTuner|^mytuner_podcasts_androidplayer\/|^MyTuner-/, examples: ["myTuner Radio app/11 CFNetwork/978.0.7 Darwin/18.7.0", "mytuner_podcasts_androidplayer/1.0.0 (Linux;Android 6.0) ExoPlayerLib/2.8.4"] },
  { name: "Hubhopper", kind: "app", platform: "Android, iOS", pattern: /^Hubhopper$/, examples: ["Hubhopper"] },
  { name: "Chromecast", kind: "app", platform: "TV", pattern: /CrKey\/|\(CrKey |^Google;Chromecast/, examples: ["Mozilla/5.0 (CrKey armv7l 1.8.17977) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/31.0.1650.0 Safari/537.36"] },
  { name: "Roku", kind: "app", platform: "TV", pattern: /^Roku\//, examples: ["Roku/DVP-9.10 (499.10E04121A)"] },
  { name: "Kodi", kind: "app", platform: "TV, desktop", pattern: /^Kodi\//, examples: ["Kodi/15.2 (Linux; Android 5.1; QM152E Build/LMY47D) Android/5.1.0 Sys_CPU/armv7l App_Bitness/32 Version/15.2-Git:2015-10-27-17fa8da"] },
  { name: "VLC media player", kind: "app", platform: "desktop, Android, iOS", pattern: /^VLC\/\d/, examples: ["VLC/3.0.8 LibVLC/3.0.8"] },
  { name: "Winamp", kind: "app", platform: "Windows", pattern: /^Winamp/, examples: ["WinampMPEG/2.7"] },
  { name: "foobar2000", kind: "app", platform: "Windows", pattern: /^foobar2000\//, examples: ["foobar2000/1.x"] },
  { name: "Windows Media Player", kind: "app", platform: "Windows", pattern: /^NSPlayer|WMPlayer\/|^Windows-Media-Player\//, examples: ["NSPlayer/12.00.18362.0418 WMFSDK/12.00.18362.0418", "Windows-Media-Player/12.0.15063.1805"] },
  { name: "MusicBee", kind: "app", platform: "Windows", pattern: /^MusicBee/, examples: ["MusicBee"] },
  { name: "Rhythmbox", kind: "app", platform: "Linux", pattern: /^gvfs\/|^rhythmbox\//, examples: ["gvfs/1.46.1"] },
  { name: "Newsboat", kind: "app", platform: "terminal", pattern: /^Newsboat\//, examples: ["Newsboat/2.29.0 (Linux x86_64)"] },
  {
    // Many iOS apps stream through Apple's player and keep its user agent; most of these requests are Apple
    // Podcasts' (which streams under it), so OPAWG's hosts count it as such too.
    name: "Apple Podcasts",
    kind: "app",
    platform: "iOS, iPadOS, macOS (streaming)",
    pattern: /^AppleCoreMedia\//,
    examples: ["AppleCoreMedia/1.0.0.20E252 (iPhone; U; CPU OS 16_4 like Mac OS X; en_us)", "AppleCoreMedia/1.0.0.19E239 (iPhone; U; CPU OS 15_4 like Mac OS X; sv_se)"],
  },
];

// Android apps that keep their HTTP library's or player's user agent: players, though unnamed.
const libraries: UserAgentEntry[] = [
  {
    name: "Android app (unnamed)",
    kind: "library",
    platform: "Android",
    pattern: /^okhttp\/|ExoPlayer|AndroidXMedia3\/|^Dalvik\/|^stagefright\/|^Lavf\//i,
    examples: ["okhttp/4.9.0", "ExoPlayerLib/2.18.2", "Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230805.001)", "stagefright/1.2 (Linux;Android 9)", "com.audials/9.52.0 (Linux;Android 11) AndroidXMedia3/1.1.1"],
  },
];

// Web browsers: named, but judged by isbot, which knows the crawlers that dress as browsers.
const browsers: UserAgentEntry[] = [
  { name: "Browser (Edge)", kind: "browser", pattern: /Edg\//, examples: ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91"] },
  { name: "Browser (Firefox)", kind: "browser", pattern: /Firefox\//, examples: ["Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"] },
  { name: "Browser (Chrome)", kind: "browser", pattern: /Chrome\/|CriOS\//, examples: ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"] },
  { name: "Browser (Safari)", kind: "browser", pattern: /Safari\//, examples: ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"] },
];

export const PODCAST_APPS: readonly UserAgentEntry[] = [...crawlers, ...apps, ...libraries, ...browsers];
