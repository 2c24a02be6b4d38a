/**
 * Who shops: a customer profile per generated user (home city, acquisition channel,
 * devices, tastes, how often they visit) and the registration event announcing them.
 */
import type { Rng } from './prng.js';
import type { ShopEvent } from './event-types.js';
import { isoTime } from './event-types.js';
import { CITIES, type City } from './reference/geography.js';
import { MARKETING_CHANNELS } from './reference/marketing-channels.js';
import { PAYMENT_METHODS } from './reference/payment-methods.js';
import { CATEGORIES } from './reference/products.js';

export type Device = 'desktop' | 'mobile' | 'tablet';
export type SignupPlatform = 'web' | 'ios' | 'android';

export interface Customer {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  home: City;
  acquisitionChannel: string;
  signupPlatform: SignupPlatform;
  device: Device;
  marketingOptIn: boolean;
  paymentMethod: string;
  /** categories this customer browses most */
  favouriteCategories: string[];
  /** expected visits per day */
  visitsPerDay: number;
  /** multiplies the chance of adding to cart and buying */
  buyingPropensity: number;
}

const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Sophia',
  'Elijah',
  'Mia',
  'Lucas',
  'Hannah',
  'Mateo',
  'Lea',
  'Felix',
  'Chloe',
  'Hugo',
  'Lucia',
  'Leo',
  'Giulia',
  'Marco',
  'Sofia',
  'Lars',
  'Ingrid',
  'Piotr',
  'Zofia',
  'Aarav',
  'Priya',
  'Yuki',
  'Haruto',
  'Isabella',
  'Gabriel',
  'Ana',
  'Camila',
  'Diego',
  'Charlotte',
  'Jack',
  'Ava',
  'Finn',
  'Nora',
  'Emil',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Brown',
  'Garcia',
  'Miller',
  'Martin',
  'Muller',
  'Schmidt',
  'Dubois',
  'Bernard',
  'Rossi',
  'Russo',
  'Fernandez',
  'Lopez',
  'de Vries',
  'Jansen',
  'Andersson',
  'Nilsson',
  'Kowalski',
  'Nowak',
  'Sharma',
  'Patel',
  'Tanaka',
  'Sato',
  'Silva',
  'Santos',
  'Hernandez',
  'Wilson',
  'Taylor',
  'Walker',
];
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com'];

/** The user id of the customer at a zero-based index. */
export function userIdFor(index: number): string {
  return `u_${String(index + 1).padStart(6, '0')}`;
}

/** Draw the profile of the customer at a zero-based index. */
export function createCustomer(index: number, rng: Rng): Customer {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const signupPlatform = rng.weighted<SignupPlatform>(
    ['web', 'ios', 'android'],
    (p) => ({ web: 55, ios: 25, android: 20 })[p],
  );
  const device: Device = signupPlatform === 'web' ? (rng.chance(0.7) ? 'desktop' : 'tablet') : 'mobile';
  const first = rng.pick(CATEGORIES);
  const second = rng.pick(CATEGORIES);
  const slug = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
  return {
    userId: userIdFor(index),
    email: `${slug}${index + 1}@${rng.pick(EMAIL_DOMAINS)}`,
    firstName,
    lastName,
    home: rng.weighted(CITIES, (city) => city.weight),
    acquisitionChannel: rng.weighted(MARKETING_CHANNELS, (channel) => channel.weight).channelCode,
    signupPlatform,
    device,
    marketingOptIn: rng.chance(0.42),
    paymentMethod: rng.weighted(PAYMENT_METHODS, (method) => method.weight).code,
    favouriteCategories: first === second ? [first] : [first, second],
    // Most customers visit once every few days; a few visit several times a day.
    visitsPerDay: Math.min(3, 0.15 + rng.exponential(0.55)),
    buyingPropensity: 0.5 + rng.exponential(0.5),
  };
}

/** The `users` topic event for a customer signing up. */
export function registrationEvent(customer: Customer, eventTimeMs: number, rng: Rng): ShopEvent {
  return {
    topic: 'users',
    userId: customer.userId,
    eventTimeMs,
    payload: {
      event_id: rng.uuid(),
      event_type: 'user_registered',
      event_time: isoTime(eventTimeMs),
      user_id: customer.userId,
      email: customer.email,
      first_name: customer.firstName,
      last_name: customer.lastName,
      country_code: customer.home.countryCode,
      city: customer.home.city,
      marketing_channel: customer.acquisitionChannel,
      signup_platform: customer.signupPlatform,
      marketing_opt_in: customer.marketingOptIn,
    },
  };
}
