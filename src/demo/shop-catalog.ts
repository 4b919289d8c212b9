/**
 * What the demo shop is made of: an outdoor and running shop in Germany. Everything here is data;
 * `demo-shop.ts` draws from it.
 */

export const DEMO_SITE = {
  name: 'Demo shop',
  domain: 'demo.stepwise.local',
  timezone: 'Europe/Berlin',
} as const

export const ORIGIN = `https://${DEMO_SITE.domain}`

export interface Product {
  id: string
  sku: string
  slug: string
  title: string
  category: string
  /** Price in euro cents: sums stay exact. */
  priceCents: number
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'p-101',
    sku: 'TR2-BLU',
    slug: 'trail-runner-2',
    title: 'Trail Runner 2',
    category: 'trail-shoes',
    priceCents: 14_990,
  },
  {
    id: 'p-102',
    sku: 'SKY-GRY',
    slug: 'skyline-gtx',
    title: 'Skyline GTX',
    category: 'trail-shoes',
    priceCents: 18_900,
  },
  {
    id: 'p-103',
    sku: 'CTY-RUN',
    slug: 'city-runner',
    title: 'City Runner',
    category: 'running-shoes',
    priceCents: 11_990,
  },
  {
    id: 'p-104',
    sku: 'TMP-5',
    slug: 'tempo-5',
    title: 'Tempo 5',
    category: 'running-shoes',
    priceCents: 13_490,
  },
  {
    id: 'p-105',
    sku: 'LT-JKT',
    slug: 'light-shell-jacket',
    title: 'Light Shell Jacket',
    category: 'jackets',
    priceCents: 12_900,
  },
  {
    id: 'p-106',
    sku: 'ALP-DWN',
    slug: 'alpine-down-jacket',
    title: 'Alpine Down Jacket',
    category: 'jackets',
    priceCents: 22_900,
  },
  {
    id: 'p-107',
    sku: 'SK-3PK',
    slug: 'merino-socks-3-pack',
    title: 'Merino Socks (3 pack)',
    category: 'accessories',
    priceCents: 2_990,
  },
  {
    id: 'p-108',
    sku: 'HDL-200',
    slug: 'head-lamp-200',
    title: 'Head Lamp 200',
    category: 'accessories',
    priceCents: 3_990,
  },
  {
    id: 'p-109',
    sku: 'VST-5L',
    slug: 'running-vest-5l',
    title: 'Running Vest 5 L',
    category: 'accessories',
    priceCents: 7_990,
  },
  {
    id: 'p-110',
    sku: 'CAP-UL',
    slug: 'ultralight-cap',
    title: 'Ultralight Cap',
    category: 'accessories',
    priceCents: 2_490,
  },
  {
    id: 'p-111',
    sku: 'TGT-WM',
    slug: 'winter-tights',
    title: 'Winter Tights',
    category: 'apparel',
    priceCents: 6_490,
  },
  {
    id: 'p-112',
    sku: 'TEE-MR',
    slug: 'merino-tee',
    title: 'Merino Tee',
    category: 'apparel',
    priceCents: 5_490,
  },
]

export const CATEGORIES: readonly { slug: string; title: string }[] = [
  { slug: 'trail-shoes', title: 'Trail shoes' },
  { slug: 'running-shoes', title: 'Running shoes' },
  { slug: 'jackets', title: 'Jackets' },
  { slug: 'accessories', title: 'Accessories' },
  { slug: 'apparel', title: 'Apparel' },
]

export const BLOG_POSTS: readonly { slug: string; title: string }[] = [
  { slug: 'how-to-choose-trail-shoes', title: 'How to choose trail shoes' },
  { slug: 'first-ultra-marathon', title: 'Your first ultra marathon: a checklist' },
  { slug: 'layering-for-winter-runs', title: 'Layering for winter runs' },
  { slug: 'headlamp-buying-guide', title: 'Head lamps: a buying guide' },
]

export const SHOP_TITLE = 'Stepwise Outdoor'

/** Pages that are not products, categories or posts. */
export const PAGES = {
  home: { path: '/', title: `${SHOP_TITLE} – running and trail gear` },
  story: { path: '/our-story', title: `Our story – ${SHOP_TITLE}` },
  stores: { path: '/stores', title: `Find a store – ${SHOP_TITLE}` },
  catalog: { path: '/catalog', title: `Catalogue 2026 – ${SHOP_TITLE}` },
  business: { path: '/business', title: `Team and club orders – ${SHOP_TITLE}` },
  about: { path: '/about', title: `About us – ${SHOP_TITLE}` },
  search: { path: '/search', title: `Search – ${SHOP_TITLE}` },
  cart: { path: '/cart', title: `Cart – ${SHOP_TITLE}` },
  shipping: { path: '/checkout/shipping', title: `Checkout: shipping – ${SHOP_TITLE}` },
  payment: { path: '/checkout/payment', title: `Checkout: payment – ${SHOP_TITLE}` },
  confirmation: { path: '/checkout/confirmation', title: `Thank you – ${SHOP_TITLE}` },
} as const

export const BROCHURE = {
  url: `${ORIGIN}/downloads/stepwise-outdoor-catalogue-2026.pdf`,
  fileName: 'stepwise-outdoor-catalogue-2026.pdf',
}

export const BRAND_VIDEO = {
  src: `${ORIGIN}/media/behind-the-trail.mp4`,
  title: 'Behind the trail: how our shoes are made',
  durationSeconds: 120,
}

export const SEARCH_QUERIES: readonly string[] = [
  'trail shoes',
  'gore-tex',
  'head lamp',
  'merino socks',
  'running vest',
  'waterproof jacket',
  'wide fit',
  'winter running',
]

/** Zip codes typed into the store finder (German cities). */
export const ZIP_CODES: readonly string[] = [
  '10115',
  '10245',
  '20095',
  '22767',
  '50667',
  '60311',
  '70173',
  '80331',
  '81667',
  '90402',
  '01067',
  '04109',
  '28195',
  '30159',
  '40213',
  '44135',
]

export const DEVICES = ['desktop', 'mobile'] as const
export type DemoDevice = (typeof DEVICES)[number]

/** Real browser user agents (none of them a bot), by the device the ingest parser reads from them. */
export const USER_AGENTS: Readonly<Record<DemoDevice, readonly string[]>> = {
  desktop: [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  ],
  mobile: [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
    'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  ],
}

/** Visitors' countries and locales: mostly German-speaking. */
export const COUNTRIES: readonly { country: string; locale: string; weight: number }[] = [
  { country: 'DE', locale: 'de-DE', weight: 72 },
  { country: 'AT', locale: 'de-AT', weight: 11 },
  { country: 'CH', locale: 'de-CH', weight: 9 },
  { country: 'NL', locale: 'nl-NL', weight: 4 },
  { country: 'GB', locale: 'en-GB', weight: 4 },
]

/** The channels the demo sends traffic from, named as the ingest channel rules classify them. */
export const DEMO_CHANNELS = [
  'Organic Search',
  'Paid Search',
  'Paid Social',
  'Email',
  'Referral',
  'Direct',
] as const
export type DemoChannel = (typeof DEMO_CHANNELS)[number]

/** Share of first visits per channel. */
export const FIRST_VISIT_CHANNEL_WEIGHTS: Readonly<Record<DemoChannel, number>> = {
  'Organic Search': 32,
  'Paid Search': 18,
  'Paid Social': 14,
  Email: 8,
  Referral: 8,
  Direct: 20,
}

/** Share of return visits per channel: people come back directly or from the newsletter. */
export const RETURN_VISIT_CHANNEL_WEIGHTS: Readonly<Record<DemoChannel, number>> = {
  'Organic Search': 20,
  'Paid Search': 10,
  'Paid Social': 8,
  Email: 20,
  Referral: 2,
  Direct: 40,
}

/** How likely a visitor from the channel is to put something in the cart, relative to organic search. */
export const CHANNEL_INTENT: Readonly<Record<DemoChannel, number>> = {
  'Organic Search': 1,
  'Paid Search': 1.2,
  'Paid Social': 0.6,
  Email: 1.6,
  Referral: 0.8,
  Direct: 1.3,
}

export const SEARCH_REFERRERS: readonly string[] = [
  'https://www.google.com/',
  'https://www.google.com/',
  'https://www.google.com/',
  'https://www.google.de/',
  'https://www.google.de/',
  'https://www.bing.com/',
  'https://duckduckgo.com/',
  'https://www.ecosia.org/',
]

export const REFERRAL_SOURCES: readonly string[] = [
  'https://www.trailrunning-magazin.de/tests/trailschuhe-2026',
  'https://www.outdoor-forum.at/threads/laufschuhe-fuer-den-winter.4821/',
  'https://laufblog.example.org/2026/ausruestung',
  'https://www.runnersnet.ch/de/marken',
]

export const SOCIAL_SOURCES: readonly { source: string; referrer: string }[] = [
  { source: 'facebook', referrer: 'https://l.facebook.com/' },
  { source: 'facebook', referrer: 'https://m.facebook.com/' },
  { source: 'instagram', referrer: 'https://l.instagram.com/' },
]

export const PAID_SEARCH_CAMPAIGNS: readonly { campaign: string; term: string }[] = [
  { campaign: 'brand_de', term: 'stepwise outdoor' },
  { campaign: 'generic_trail_running', term: 'trail running shoes' },
  { campaign: 'generic_jackets', term: 'waterproof running jacket' },
]

export const PAID_SOCIAL_CAMPAIGNS: readonly string[] = [
  'prospecting_spring',
  'retargeting_cart',
  'video_views_story',
]

export const EMAIL_CAMPAIGNS: readonly string[] = ['weekly_digest', 'new_arrivals', 'winter_sale']
