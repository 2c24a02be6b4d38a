/**
 * Where the shop's customers live: countries and their cities. `seeds/geography.csv`
 * carries the same rows; a unit test keeps the two in step. Weights and UTC offsets
 * (January, i.e. standard or southern-summer time) only shape the generated traffic.
 */

export interface City {
  countryCode: string;
  countryName: string;
  region: string;
  city: string;
  latitude: number;
  longitude: number;
  timezone: string;
  /** hours east of UTC in January, for the daily traffic curve */
  utcOffsetHours: number;
  /** share of the shop's customers, relative */
  weight: number;
}

type Row = [
  countryCode: string,
  countryName: string,
  region: string,
  city: string,
  latitude: number,
  longitude: number,
  timezone: string,
  utcOffsetHours: number,
  weight: number,
];

const ROWS: Row[] = [
  ['US', 'United States', 'North America', 'New York', 40.7128, -74.006, 'America/New_York', -5, 9],
  ['US', 'United States', 'North America', 'Los Angeles', 34.0522, -118.2437, 'America/Los_Angeles', -8, 6],
  ['US', 'United States', 'North America', 'Chicago', 41.8781, -87.6298, 'America/Chicago', -6, 4],
  ['US', 'United States', 'North America', 'Houston', 29.7604, -95.3698, 'America/Chicago', -6, 3],
  ['US', 'United States', 'North America', 'Seattle', 47.6062, -122.3321, 'America/Los_Angeles', -8, 3],
  ['CA', 'Canada', 'North America', 'Toronto', 43.6532, -79.3832, 'America/Toronto', -5, 3],
  ['CA', 'Canada', 'North America', 'Vancouver', 49.2827, -123.1207, 'America/Vancouver', -8, 2],
  ['CA', 'Canada', 'North America', 'Montreal', 45.5019, -73.5674, 'America/Toronto', -5, 1.5],
  ['MX', 'Mexico', 'Latin America', 'Mexico City', 19.4326, -99.1332, 'America/Mexico_City', -6, 2.5],
  ['MX', 'Mexico', 'Latin America', 'Guadalajara', 20.6597, -103.3496, 'America/Mexico_City', -6, 1],
  ['BR', 'Brazil', 'Latin America', 'São Paulo', -23.5505, -46.6333, 'America/Sao_Paulo', -3, 3],
  ['BR', 'Brazil', 'Latin America', 'Rio de Janeiro', -22.9068, -43.1729, 'America/Sao_Paulo', -3, 2],
  ['GB', 'United Kingdom', 'Europe', 'London', 51.5074, -0.1278, 'Europe/London', 0, 8],
  ['GB', 'United Kingdom', 'Europe', 'Manchester', 53.4808, -2.2426, 'Europe/London', 0, 2.5],
  ['GB', 'United Kingdom', 'Europe', 'Birmingham', 52.4862, -1.8904, 'Europe/London', 0, 2],
  ['GB', 'United Kingdom', 'Europe', 'Edinburgh', 55.9533, -3.1883, 'Europe/London', 0, 1.5],
  ['DE', 'Germany', 'Europe', 'Berlin', 52.52, 13.405, 'Europe/Berlin', 1, 6],
  ['DE', 'Germany', 'Europe', 'Munich', 48.1351, 11.582, 'Europe/Berlin', 1, 4],
  ['DE', 'Germany', 'Europe', 'Hamburg', 53.5511, 9.9937, 'Europe/Berlin', 1, 3],
  ['DE', 'Germany', 'Europe', 'Cologne', 50.9375, 6.9603, 'Europe/Berlin', 1, 2],
  ['FR', 'France', 'Europe', 'Paris', 48.8566, 2.3522, 'Europe/Paris', 1, 6],
  ['FR', 'France', 'Europe', 'Lyon', 45.764, 4.8357, 'Europe/Paris', 1, 2],
  ['FR', 'France', 'Europe', 'Marseille', 43.2965, 5.3698, 'Europe/Paris', 1, 1.5],
  ['ES', 'Spain', 'Europe', 'Madrid', 40.4168, -3.7038, 'Europe/Madrid', 1, 3.5],
  ['ES', 'Spain', 'Europe', 'Barcelona', 41.3874, 2.1686, 'Europe/Madrid', 1, 3],
  ['ES', 'Spain', 'Europe', 'Valencia', 39.4699, -0.3763, 'Europe/Madrid', 1, 1],
  ['IT', 'Italy', 'Europe', 'Rome', 41.9028, 12.4964, 'Europe/Rome', 1, 3],
  ['IT', 'Italy', 'Europe', 'Milan', 45.4642, 9.19, 'Europe/Rome', 1, 3],
  ['IT', 'Italy', 'Europe', 'Naples', 40.8518, 14.2681, 'Europe/Rome', 1, 1],
  ['NL', 'Netherlands', 'Europe', 'Amsterdam', 52.3676, 4.9041, 'Europe/Amsterdam', 1, 3],
  ['NL', 'Netherlands', 'Europe', 'Rotterdam', 51.9244, 4.4777, 'Europe/Amsterdam', 1, 1.5],
  ['NL', 'Netherlands', 'Europe', 'Utrecht', 52.0907, 5.1214, 'Europe/Amsterdam', 1, 1],
  ['SE', 'Sweden', 'Europe', 'Stockholm', 59.3293, 18.0686, 'Europe/Stockholm', 1, 2],
  ['SE', 'Sweden', 'Europe', 'Gothenburg', 57.7089, 11.9746, 'Europe/Stockholm', 1, 1],
  ['PL', 'Poland', 'Europe', 'Warsaw', 52.2297, 21.0122, 'Europe/Warsaw', 1, 2],
  ['PL', 'Poland', 'Europe', 'Kraków', 50.0647, 19.945, 'Europe/Warsaw', 1, 1.5],
  ['IN', 'India', 'Asia Pacific', 'Mumbai', 19.076, 72.8777, 'Asia/Kolkata', 5.5, 2.5],
  ['IN', 'India', 'Asia Pacific', 'Bengaluru', 12.9716, 77.5946, 'Asia/Kolkata', 5.5, 2.5],
  ['IN', 'India', 'Asia Pacific', 'Delhi', 28.7041, 77.1025, 'Asia/Kolkata', 5.5, 2],
  ['JP', 'Japan', 'Asia Pacific', 'Tokyo', 35.6762, 139.6503, 'Asia/Tokyo', 9, 3],
  ['JP', 'Japan', 'Asia Pacific', 'Osaka', 34.6937, 135.5023, 'Asia/Tokyo', 9, 1.5],
  ['AU', 'Australia', 'Asia Pacific', 'Sydney', -33.8688, 151.2093, 'Australia/Sydney', 11, 2.5],
  ['AU', 'Australia', 'Asia Pacific', 'Melbourne', -37.8136, 144.9631, 'Australia/Melbourne', 11, 2],
];

/** Every city the generator places customers in. */
export const CITIES: readonly City[] = ROWS.map(
  ([countryCode, countryName, region, city, latitude, longitude, timezone, utcOffsetHours, weight]) => ({
    countryCode,
    countryName,
    region,
    city,
    latitude,
    longitude,
    timezone,
    utcOffsetHours,
    weight,
  }),
);
