/**
 * Marketing channels a visit or a sign-up is attributed to. `seeds/marketing_channels.csv`
 * carries the same codes; the weights only shape the generated traffic.
 */

export interface MarketingChannel {
  channelCode: string;
  channelName: string;
  /** paid, organic or owned media */
  channelGroup: 'paid' | 'organic' | 'owned';
  /** relative share of visits */
  weight: number;
  /** how much more (or less) likely a visit from this channel is to buy */
  purchaseIntent: number;
}

export const MARKETING_CHANNELS: readonly MarketingChannel[] = [
  { channelCode: 'direct', channelName: 'Direct', channelGroup: 'owned', weight: 22, purchaseIntent: 1.3 },
  {
    channelCode: 'organic_search',
    channelName: 'Organic Search',
    channelGroup: 'organic',
    weight: 24,
    purchaseIntent: 1.1,
  },
  { channelCode: 'paid_search', channelName: 'Paid Search', channelGroup: 'paid', weight: 16, purchaseIntent: 1.2 },
  {
    channelCode: 'organic_social',
    channelName: 'Organic Social',
    channelGroup: 'organic',
    weight: 9,
    purchaseIntent: 0.6,
  },
  { channelCode: 'paid_social', channelName: 'Paid Social', channelGroup: 'paid', weight: 10, purchaseIntent: 0.7 },
  { channelCode: 'email', channelName: 'Email', channelGroup: 'owned', weight: 8, purchaseIntent: 1.5 },
  { channelCode: 'affiliate', channelName: 'Affiliate', channelGroup: 'paid', weight: 5, purchaseIntent: 1.0 },
  { channelCode: 'referral', channelName: 'Referral', channelGroup: 'organic', weight: 4, purchaseIntent: 0.9 },
  { channelCode: 'display', channelName: 'Display Ads', channelGroup: 'paid', weight: 2, purchaseIntent: 0.4 },
];
